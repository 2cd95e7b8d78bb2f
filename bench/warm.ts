import type { APIGatewayProxyEvent } from 'aws-lambda';
import { runBundleChild } from './bundle-child';
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
  /** What the local servers have served so far. */
  readonly served: () => ServedCounts;
}

interface WarmFigures {
  /** The median, across processes, of each process's p50. */
  readonly p50Us: number;
  /** The median, across processes, of each process's p99. */
  readonly p99Us: number;
  /** Every invocation of every process counts, the cold first one and the warm-up included. */
  readonly secretFetchesPer1000: number;
  readonly upstreamConnectionsPer1000: number;
}

interface Tally {
  p50sUs: number[];
  p99sUs: number[];
  invocations: number;
  secretFetches: number;
  upstreamConnections: number;
}

const emptyTally = (): Tally => ({
  p50sUs: [],
  p99sUs: [],
  invocations: 0,
  secretFetches: 0,
  upstreamConnections: 0,
});

const perThousand = (count: number, invocations: number): number => Math.round((count / invocations) * 1e6) / 1e3;

const figuresOf = (tally: Tally): WarmFigures => ({
  p50Us: median(tally.p50sUs),
  p99Us: median(tally.p99sUs),
  secretFetchesPer1000: perThousand(tally.secretFetches, tally.invocations),
  upstreamConnectionsPer1000: perThousand(tally.upstreamConnections, tally.invocations),
});

/**
 * Times warm invocations, one at a time, in several processes per contender, the contenders
 * taking turns. Each process's percentiles are taken over its own invocations and the median
 * across processes is reported, so that one process slowed by the machine's other work does not
 * decide the figure. The local servers count each process's secret fetches and connections.
 */
const measureWarm = async <Name extends string>(plan: WarmPlan<Name>): Promise<Record<Name, WarmFigures>> => {
  const names = namesOf(plan.contenders);
  const tallies = Object.fromEntries(names.map((name) => [name, emptyTally()])) as Record<Name, Tally>;
  for (let round = 0; round < plan.processes; round += 1) {
    for (const name of turnsOf(names, round)) {
      const { entry, env } = plan.contenders[name];
      const before = plan.served();
      const { latenciesUs } = await runBundleChild({
        mode: 'warm',
        entry,
        event: plan.event,
        env,
        warmUp: plan.warmUp,
        timed: plan.timed,
      });
      const after = plan.served();
      const tally = tallies[name];
      tally.p50sUs.push(quantile(latenciesUs, 0.5));
      tally.p99sUs.push(quantile(latenciesUs, 0.99));
      tally.invocations += 1 + plan.warmUp + plan.timed;
      tally.secretFetches += after.secretFetches - before.secretFetches;
      tally.upstreamConnections += after.upstreamConnections - before.upstreamConnections;
    }
  }
  return Object.fromEntries(names.map((name) => [name, figuresOf(tallies[name])])) as Record<Name, WarmFigures>;
};

export { measureWarm, type WarmFigures, type WarmPlan };
