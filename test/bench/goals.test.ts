import { describe, expect, it } from 'vitest';
import { GOALS, judgeGoals, missedGoals } from '../../bench/goals';
import { type BenchResults, toBenchResults } from '../../bench/results';
import { aContenderMeasurement, someBenchMeasurements } from '../support/bench-factories';

const someResults = (): BenchResults => toBenchResults(someBenchMeasurements());

const verdictFor = (results: BenchResults, name: string) =>
  judgeGoals(results).find((verdict) => verdict.name === name);

describe('judgeGoals', () => {
  it('meets every measured goal when each figure is within its limit', () => {
    // Act
    const verdicts = judgeGoals(someResults());

    // Assert
    expect(verdicts.filter(({ met }) => met === false)).toEqual([]);
  });

  it('judges the earlier goals, the goals against the peer, memory, growth and throttling', () => {
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
      'adapterVsPeer.warmOverheadRatio',
      'adapterVsPeer.startupBytesRatio',
      'adapterVsPeer.coldStartRatio',
      'memory.ratio',
      'growth.events50Ratio',
      'upstreamCallsPerDeliveryUnder429',
    ]);
  });

  it('meets a goal exactly at its limit', () => {
    // Arrange
    const results = { ...someResults(), bundle: { ...someResults().bundle, ratio: 1.5 } };

    // Act
    const verdict = verdictFor(results, 'bundle.ratio');

    // Assert
    expect(verdict).toEqual({ name: 'bundle.ratio', value: 1.5, limit: 1.5, below: false, met: true });
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

  it("misses the warm goal against the peer when the adapter's overhead is over a third of the peer's", () => {
    // Arrange: baseline 440 µs, peer +240 µs, adapter +81 µs (just over 80).
    const results = toBenchResults(
      someBenchMeasurements({
        adapter: aContenderMeasurement({ startupBytes: 280_000, coldStartMs: 210, warmP50Us: 521, rssMiB: 84 }),
      }),
    );

    // Act
    const verdict = verdictFor(results, 'adapterVsPeer.warmOverheadRatio');

    // Assert
    expect(verdict).toMatchObject({ value: 0.338, met: false });
  });

  it("meets the warm goal against the peer at exactly a third of the peer's overhead", () => {
    // Arrange: baseline 440 µs, peer +240 µs, adapter +80 µs.
    const results = toBenchResults(
      someBenchMeasurements({
        adapter: aContenderMeasurement({ startupBytes: 280_000, coldStartMs: 210, warmP50Us: 520, rssMiB: 84 }),
      }),
    );

    // Act
    const verdict = verdictFor(results, 'adapterVsPeer.warmOverheadRatio');

    // Assert
    expect(verdict?.met).toBe(true);
  });

  it('misses the startup bytes goal past half of the peer', () => {
    // Arrange
    const results = { ...someResults(), adapterVsPeer: { ...someResults().adapterVsPeer, startupBytesRatio: 0.501 } };

    // Act
    const verdict = verdictFor(results, 'adapterVsPeer.startupBytesRatio');

    // Assert
    expect(verdict?.met).toBe(false);
  });

  it("misses the cold start goal against the peer when the adapter's equals the peer's: it must be below", () => {
    // Arrange
    const results = { ...someResults(), adapterVsPeer: { ...someResults().adapterVsPeer, coldStartRatio: 1 } };

    // Act
    const verdict = verdictFor(results, 'adapterVsPeer.coldStartRatio');

    // Assert
    expect(verdict).toMatchObject({ below: true, met: false });
  });

  it("misses the memory goal past 1.1 times the baseline's peak", () => {
    // Arrange
    const results = { ...someResults(), memory: { ...someResults().memory, ratio: 1.101 } };

    // Act
    const verdict = verdictFor(results, 'memory.ratio');

    // Assert
    expect(verdict?.met).toBe(false);
  });

  it('misses the growth goal when 50 events cost more than 1.2 times none', () => {
    // Arrange
    const results = { ...someResults(), growth: { ...someResults().growth, events50Ratio: 1.201 } };

    // Act
    const verdict = verdictFor(results, 'growth.events50Ratio');

    // Assert
    expect(verdict?.met).toBe(false);
  });

  it('reports a figure that was not measured as neither met nor missed', () => {
    // Act
    const verdict = verdictFor(someResults(), 'upstreamCallsPerDeliveryUnder429');

    // Assert
    expect(verdict).toEqual({
      name: 'upstreamCallsPerDeliveryUnder429',
      value: null,
      limit: 3,
      below: false,
      met: null,
    });
  });

  it('misses the throttling goal once the figure is measured above 3 calls per delivery', () => {
    // Arrange
    const results = { ...someResults(), upstreamCallsPerDeliveryUnder429: 3.2 };

    // Act
    const verdict = verdictFor(results, 'upstreamCallsPerDeliveryUnder429');

    // Assert
    expect(verdict?.met).toBe(false);
  });
});

describe('missedGoals', () => {
  it('names the missed goals only, not those met or not measured', () => {
    // Arrange
    const verdicts = judgeGoals({ ...someResults(), memory: { ...someResults().memory, ratio: 1.5 } });

    // Act
    const missed = missedGoals(verdicts);

    // Assert
    expect(missed).toEqual(['memory.ratio']);
    expect(verdicts).toHaveLength(GOALS.length);
  });
});
