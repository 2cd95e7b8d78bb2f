import type { BenchResults } from './results';

/**
 * A goal of the benchmark: a figure of the results that must stay at most (or, `below`, strictly
 * under) a limit. A figure that is null was not measured in this run: its goal is reported as
 * such and neither met nor missed.
 */
interface Goal {
  readonly name: string;
  readonly figure: (results: BenchResults) => number | null;
  readonly limit: number;
  readonly below?: true;
}

interface Verdict {
  readonly name: string;
  readonly value: number | null;
  readonly limit: number;
  readonly below: boolean;
  /** Null when the figure was not measured. */
  readonly met: boolean | null;
}

/**
 * What the adapter must cost at most, measured in the same run: over the hand-written baseline,
 * against the peer written from the libraries' docs, as the work grows, and under throttling.
 */
const GOALS: readonly Goal[] = [
  { name: 'bundle.ratio', figure: (results) => results.bundle.ratio, limit: 1.5 },
  { name: 'coldStart.ratio', figure: (results) => results.coldStart.ratio, limit: 1.15 },
  { name: 'warm.overheadP50Us', figure: (results) => results.warm.overheadP50Us, limit: 60 },
  { name: 'secretFetchesPer1000', figure: (results) => results.secretFetchesPer1000, limit: 1 },
  { name: 'upstreamConnectionsPer1000', figure: (results) => results.upstreamConnectionsPer1000, limit: 1 },
  { name: 'localServer.errors', figure: (results) => results.localServer.errors, limit: 0 },
  {
    name: 'adapterVsPeer.warmOverheadRatio',
    figure: (results) => results.adapterVsPeer.warmOverheadRatio,
    limit: 1 / 3,
  },
  { name: 'adapterVsPeer.startupBytesRatio', figure: (results) => results.adapterVsPeer.startupBytesRatio, limit: 0.5 },
  {
    name: 'adapterVsPeer.coldStartRatio',
    figure: (results) => results.adapterVsPeer.coldStartRatio,
    limit: 1,
    below: true,
  },
  { name: 'memory.ratio', figure: (results) => results.memory.ratio, limit: 1.1 },
  { name: 'growth.events50Ratio', figure: (results) => results.growth.events50Ratio, limit: 1.2 },
  {
    name: 'upstreamCallsPerDeliveryUnder429',
    figure: (results) => results.upstreamCallsPerDeliveryUnder429,
    limit: 3,
  },
];

const isMet = (value: number, limit: number, below: boolean): boolean => (below ? value < limit : value <= limit);

/** Each goal with the value this run reached and whether that is within the limit. */
const judgeGoals = (results: BenchResults, goals: readonly Goal[] = GOALS): Verdict[] =>
  goals.map(({ name, figure, limit, below = false }) => {
    const value = figure(results);
    return { name, value, limit, below, met: value === null ? null : isMet(value, limit, below) };
  });

/** The names of the goals this run missed (a goal not measured is not missed). */
const missedGoals = (verdicts: readonly Verdict[]): string[] =>
  verdicts.filter(({ met }) => met === false).map(({ name }) => name);

export { GOALS, type Goal, judgeGoals, missedGoals, type Verdict };
