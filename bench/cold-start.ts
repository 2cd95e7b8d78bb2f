import type { APIGatewayProxyEvent } from 'aws-lambda';
import { runBundleChild } from './bundle-child';
import type { HandlerName } from './bundles';
import { median } from './statistics';

interface ColdStartPlan {
  /** The entry file of each bundle. */
  readonly entries: Readonly<Record<HandlerName, string>>;
  readonly env: Readonly<Record<string, string>>;
  readonly event: APIGatewayProxyEvent;
  /** Fresh processes per handler. */
  readonly runs: number;
}

interface ColdStartMeasurement {
  /** Each process's time from its start to its first answer, in ms, in the order they ran. */
  readonly samplesMs: Readonly<Record<HandlerName, readonly number[]>>;
  readonly medianMs: Readonly<Record<HandlerName, number>>;
}

const HANDLERS: readonly HandlerName[] = ['adapter', 'baseline'];

/**
 * Starts fresh Node processes, adapter and baseline in turn (A B A B ...), each importing its
 * bundle and answering one run request, and takes the medians. Taking turns spreads whatever
 * else the machine is doing over both alike. One untimed pair first fills the file cache.
 */
const measureColdStarts = async ({ entries, env, event, runs }: ColdStartPlan): Promise<ColdStartMeasurement> => {
  for (const name of HANDLERS) await runBundleChild({ mode: 'cold', entry: entries[name], event, env });
  const samplesMs: Record<HandlerName, number[]> = { adapter: [], baseline: [] };
  for (let run = 0; run < runs; run += 1) {
    for (const name of HANDLERS) {
      const { coldStartMs } = await runBundleChild({ mode: 'cold', entry: entries[name], event, env });
      samplesMs[name].push(coldStartMs);
    }
  }
  return { samplesMs, medianMs: { adapter: median(samplesMs.adapter), baseline: median(samplesMs.baseline) } };
};

export { type ColdStartMeasurement, type ColdStartPlan, measureColdStarts };
