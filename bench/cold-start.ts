import type { APIGatewayProxyEvent } from 'aws-lambda';
import { runBundleChild } from './bundle-child';
import { type Contender, namesOf } from './contender';
import { median } from './statistics';
import { turnsOf } from './turns';

interface ColdStartPlan<Name extends string> {
  readonly contenders: Readonly<Record<Name, Contender>>;
  readonly event: APIGatewayProxyEvent;
  /** Fresh processes per contender. */
  readonly runs: number;
}

interface ColdStartMeasurement<Name extends string> {
  /** Each process's time from its start to its first answer, in ms, in the order they ran. */
  readonly samplesMs: Readonly<Record<Name, readonly number[]>>;
  readonly medianMs: Readonly<Record<Name, number>>;
}

/**
 * Starts fresh Node processes, the contenders taking turns (A B B A ...), each importing its
 * bundle and answering one run request, and takes the medians. Taking turns spreads whatever
 * else the machine is doing over all of them alike. One untimed round first fills the file cache.
 */
const measureColdStarts = async <Name extends string>({
  contenders,
  event,
  runs,
}: ColdStartPlan<Name>): Promise<ColdStartMeasurement<Name>> => {
  const names = namesOf(contenders);
  const coldStart = async (name: Name): Promise<number> => {
    const { entry, env, event: ownEvent = event } = contenders[name];
    return (await runBundleChild({ mode: 'cold', entry, event: ownEvent, env })).coldStartMs;
  };
  for (const name of names) await coldStart(name);
  const samplesMs = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<Name, number[]>;
  for (let run = 0; run < runs; run += 1) {
    for (const name of turnsOf(names, run)) samplesMs[name].push(await coldStart(name));
  }
  const medianMs = Object.fromEntries(names.map((name) => [name, median(samplesMs[name])])) as Record<Name, number>;
  return { samplesMs, medianMs };
};

export { type ColdStartMeasurement, type ColdStartPlan, measureColdStarts };
