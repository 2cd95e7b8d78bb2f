import type { APIGatewayProxyEvent } from 'aws-lambda';
import { runBundleChild } from './bundle-child';
import type { HandlerName } from './bundles';
import type { ServedCounts } from './local-upstreams';
import { quantile } from './statistics';

interface WarmPlan {
  readonly entries: Readonly<Record<HandlerName, string>>;
  readonly env: Readonly<Record<string, string>>;
  readonly event: APIGatewayProxyEvent;
  /** Processes per handler. */
  readonly processes: number;
  /** Untimed invocations per process, after the first (cold) one. */
  readonly warmUp: number;
  /** Timed invocations per process. */
  readonly timed: number;
  /** What the local servers have served so far. */
  readonly served: () => ServedCounts;
}

interface WarmFigures {
  readonly p50Us: number;
  readonly p99Us: number;
  /** Every invocation of every process counts, the cold first one and the warm-up included. */
  readonly secretFetchesPer1000: number;
  readonly upstreamConnectionsPer1000: number;
}

type WarmMeasurement = Readonly<Record<HandlerName, WarmFigures>>;

const HANDLERS: readonly HandlerName[] = ['adapter', 'baseline'];

interface Tally {
  latenciesUs: number[];
  invocations: number;
  secretFetches: number;
  upstreamConnections: number;
}

const perThousand = (count: number, invocations: number): number => Math.round((count / invocations) * 1e6) / 1e3;

const figuresOf = ({ latenciesUs, invocations, secretFetches, upstreamConnections }: Tally): WarmFigures => ({
  p50Us: quantile(latenciesUs, 0.5),
  p99Us: quantile(latenciesUs, 0.99),
  secretFetchesPer1000: perThousand(secretFetches, invocations),
  upstreamConnectionsPer1000: perThousand(upstreamConnections, invocations),
});

/**
 * Times warm invocations, one at a time, in several processes per handler, adapter and baseline
 * processes taking turns. The latencies of all processes of a handler are pooled; the local
 * servers count the secret fetches and the connections each process made.
 */
const measureWarm = async (plan: WarmPlan): Promise<WarmMeasurement> => {
  const tallies: Record<HandlerName, Tally> = {
    adapter: { latenciesUs: [], invocations: 0, secretFetches: 0, upstreamConnections: 0 },
    baseline: { latenciesUs: [], invocations: 0, secretFetches: 0, upstreamConnections: 0 },
  };
  for (let round = 0; round < plan.processes; round += 1) {
    for (const name of HANDLERS) {
      const before = plan.served();
      const { latenciesUs } = await runBundleChild({
        mode: 'warm',
        entry: plan.entries[name],
        event: plan.event,
        env: plan.env,
        warmUp: plan.warmUp,
        timed: plan.timed,
      });
      const after = plan.served();
      const tally = tallies[name];
      tally.latenciesUs.push(...latenciesUs);
      tally.invocations += 1 + plan.warmUp + plan.timed;
      tally.secretFetches += after.secretFetches - before.secretFetches;
      tally.upstreamConnections += after.upstreamConnections - before.upstreamConnections;
    }
  }
  return { adapter: figuresOf(tallies.adapter), baseline: figuresOf(tallies.baseline) };
};

export { measureWarm, type WarmFigures, type WarmMeasurement, type WarmPlan };
