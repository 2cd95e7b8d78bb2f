import type { BenchResults } from './results';

/** A goal of the benchmark: a figure of the results that must not exceed a limit. */
interface Goal {
  readonly name: string;
  readonly figure: (results: BenchResults) => number;
  readonly limit: number;
}

interface Verdict {
  readonly name: string;
  readonly value: number;
  readonly limit: number;
  readonly met: boolean;
}

/** What the adapter must cost at most over the hand-written baseline, measured in the same run. */
const GOALS: readonly Goal[] = [
  { name: 'bundle.ratio', figure: (results) => results.bundle.ratio, limit: 1.5 },
  { name: 'coldStart.ratio', figure: (results) => results.coldStart.ratio, limit: 1.15 },
  { name: 'warm.overheadP50Us', figure: (results) => results.warm.overheadP50Us, limit: 60 },
  { name: 'secretFetchesPer1000', figure: (results) => results.secretFetchesPer1000, limit: 1 },
  { name: 'upstreamConnectionsPer1000', figure: (results) => results.upstreamConnectionsPer1000, limit: 1 },
  { name: 'localServer.errors', figure: (results) => results.localServer.errors, limit: 0 },
];

/** Each goal with the value this run reached and whether that is within the limit. */
const judgeGoals = (results: BenchResults, goals: readonly Goal[] = GOALS): Verdict[] =>
  goals.map(({ name, figure, limit }) => {
    const value = figure(results);
    return { name, value, limit, met: value <= limit };
  });

export { GOALS, type Goal, judgeGoals, type Verdict };
