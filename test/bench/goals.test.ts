import { describe, expect, it } from 'vitest';
import { judgeGoals } from '../../bench/goals';
import { type BenchResults, toBenchResults } from '../../bench/results';

const someResults = (): BenchResults =>
  toBenchResults({
    adapterBytes: 600_000,
    adapterStartupBytes: 280_000,
    baselineBytes: 200_000,
    coldStart: { adapterMs: 210, baselineMs: 200, runs: 40 },
    warm: { adapterP50Us: 480, adapterP99Us: 900, baselineP50Us: 440, baselineP99Us: 850 },
    secretFetchesPer1000: 0.167,
    upstreamConnectionsPer1000: 0.167,
    localServer: { rps: 1500, p99Ms: 250, errors: 0 },
  });

const verdictFor = (results: BenchResults, name: string) =>
  judgeGoals(results).find((verdict) => verdict.name === name);

describe('judgeGoals', () => {
  it('meets every goal when each figure is within its limit', () => {
    // Act
    const verdicts = judgeGoals(someResults());

    // Assert
    expect(verdicts.filter(({ met }) => !met)).toEqual([]);
  });

  it('judges the six goals of the issue', () => {
    // Act
    const names = judgeGoals(someResults()).map(({ name }) => name);

    // Assert
    expect(names).toEqual([
      'bundle.ratio',
      'coldStart.ratio',
      'warm.overheadP50Us',
      'secretFetchesPer1000',
      'upstreamConnectionsPer1000',
      'localServer.errors',
    ]);
  });

  it('meets a goal exactly at its limit', () => {
    // Arrange
    const results = { ...someResults(), bundle: { ...someResults().bundle, ratio: 1.5 } };

    // Act
    const verdict = verdictFor(results, 'bundle.ratio');

    // Assert
    expect(verdict).toEqual({ name: 'bundle.ratio', value: 1.5, limit: 1.5, met: true });
  });

  it('misses the cold start goal just past 1.15', () => {
    // Arrange
    const results = { ...someResults(), coldStart: { ...someResults().coldStart, ratio: 1.151 } };

    // Act
    const verdict = verdictFor(results, 'coldStart.ratio');

    // Assert
    expect(verdict?.met).toBe(false);
  });

  it('misses the warm goal with more than 60 µs of overhead', () => {
    // Arrange
    const results = { ...someResults(), warm: { ...someResults().warm, overheadP50Us: 60.1 } };

    // Act
    const verdict = verdictFor(results, 'warm.overheadP50Us');

    // Assert
    expect(verdict?.met).toBe(false);
  });

  it('misses the local server goal with a single error', () => {
    // Arrange
    const results = { ...someResults(), localServer: { ...someResults().localServer, errors: 1 } };

    // Act
    const verdict = verdictFor(results, 'localServer.errors');

    // Assert
    expect(verdict?.met).toBe(false);
  });
});
