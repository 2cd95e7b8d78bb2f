import type { APIGatewayProxyEvent } from 'aws-lambda';
import { startWarmChild, type WarmChild } from './bundle-child';
import { type Contender, namesOf } from './contender';
import type { ServedCounts } from './local-upstreams';
import { median, quantile } from './statistics';
import { turnsOf } from './turns';

interface WarmPlan<Name extends string> {
  readonly contenders: Readonly<Record<Name, Contender>>;
  readonly event: APIGatewayProxyEvent;
  /** Processes per contender. */
  readonly processes: number;
  /** Untimed invocations per process, after the first (cold) one. */
  readonly warmUp: number;
  /** Timed invocations per process. */
  readonly timed: number;
  /** Timed invocations a process runs at a time before the next contender's turn. */
  readonly block: number;
  /** What the local servers have served so far. */
  readonly served: () => ServedCounts;
}

interface WarmFigures {
  /** The median, across processes, of each process's p50. */
  readonly p50Us: number;
  /** The median, across processes, of each process's p99. */
  readonly p99Us: number;
  /** The median, across processes, of each process's peak resident memory after its warm run, in MiB. */
  readonly rssMiB: number;
  /** Every invocation of every process counts, the cold first one and the warm-up included. */
  readonly secretFetchesPer1000: number;
  readonly upstreamConnectionsPer1000: number;
}

interface Tally {
  p50sUs: number[];
  p99sUs: number[];
  rssesMiB: number[];
  invocations: number;
  secretFetches: number;
  upstreamConnections: number;
}

const emptyTally = (): Tally => ({
  p50sUs: [],
  p99sUs: [],
  rssesMiB: [],
  invocations: 0,
  secretFetches: 0,
  upstreamConnections: 0,
});

const perThousand = (count: number, invocations: number): number => Math.round((count / invocations) * 1e6) / 1e3;

const figuresOf = (tally: Tally): WarmFigures => ({
  p50Us: median(tally.p50sUs),
  p99Us: median(tally.p99sUs),
  rssMiB: median(tally.rssesMiB),
  secretFetchesPer1000: perThousand(tally.secretFetches, tally.invocations),
  upstreamConnectionsPer1000: perThousand(tally.upstreamConnections, tally.invocations),
});

/** The block sizes that make up `timed` invocations: full blocks, then what is left. */
const blocksOf = (timed: number, block: number): number[] =>
  Array.from({ length: Math.ceil(timed / block) }, (_, index) => Math.min(block, timed - index * block));

/**
 * Times warm invocations, one at a time, in several processes per contender. In each round every
 * contender gets a fresh process; after their warm-ups, the processes take turns running blocks
 * of timed invocations, so that all of them meet the machine's changes of pace (another tenant's
 * load, a slower CPU for a while) alike, instead of one contender's whole process falling in a
 * slow spell. Each process's percentiles are taken over its own invocations and the median across
 * processes is reported, as is the median of their peak memory. The local servers count what each
 * contender's steps cause. A contender may bring its own event; the others run the plan's.
 */
const measureWarm = async <Name extends string>(plan: WarmPlan<Name>): Promise<Record<Name, WarmFigures>> => {
  const names = namesOf(plan.contenders);
  const tallies = Object.fromEntries(names.map((name) => [name, emptyTally()])) as Record<Name, Tally>;
  /** Runs one contender's step, adding what the local servers served meanwhile to its tally. */
  const counted = async <Result>(name: Name, step: () => Promise<Result>): Promise<Result> => {
    const before = plan.served();
    const result = await step();
    const after = plan.served();
    tallies[name].secretFetches += after.secretFetches - before.secretFetches;
    tallies[name].upstreamConnections += after.upstreamConnections - before.upstreamConnections;
    return result;
  };

  for (let round = 0; round < plan.processes; round += 1) {
    const children = {} as Record<Name, WarmChild>;
    for (const name of turnsOf(names, round)) {
      const { entry, env, event = plan.event } = plan.contenders[name];
      children[name] = await counted(name, () => startWarmChild({ entry, event, env, warmUp: plan.warmUp }));
    }
    for (const [index, invocations] of blocksOf(plan.timed, plan.block).entries()) {
      for (const name of turnsOf(names, round + index)) await counted(name, () => children[name].runBlock(invocations));
    }
    for (const name of names) {
      const { latenciesUs, maxRssKiB } = await children[name].finish();
      const tally = tallies[name];
      tally.p50sUs.push(quantile(latenciesUs, 0.5));
      tally.p99sUs.push(quantile(latenciesUs, 0.99));
      tally.rssesMiB.push(maxRssKiB / 1024);
      tally.invocations += 1 + plan.warmUp + latenciesUs.length;
    }
  }
  return Object.fromEntries(names.map((name) => [name, figuresOf(tallies[name])])) as Record<Name, WarmFigures>;
};

export { blocksOf, measureWarm, type WarmFigures, type WarmPlan };
