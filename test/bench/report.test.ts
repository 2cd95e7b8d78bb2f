import { describe, expect, it } from 'vitest';
import { judgeGoals } from '../../bench/goals';
import { renderReport } from '../../bench/report';
import { toBenchResults } from '../../bench/results';
import { someBenchMeasurements } from '../support/bench-factories';

const SETTINGS = {
  warmProcesses: 7,
  warmTimed: 5_000,
  growthProcesses: 3,
  growthTimed: 2_000,
  loadConnections: 200,
  loadSeconds: 5,
};

const reportOf = (results = toBenchResults(someBenchMeasurements())) =>
  renderReport(results, judgeGoals(results), SETTINGS);

const lineStarting = (report: string, start: string): string | undefined =>
  report.split('\n').find((line) => line.startsWith(start));

describe('renderReport', () => {
  it('prints each ratio of the warm p50 against the baseline and against the peer', () => {
    // Act
    const line = lineStarting(reportOf(), '| warm invocation p50');

    // Assert: adapter 480, baseline 440, peer 680 µs.
    expect(line).toBe(
      '| warm invocation p50 (µs) | 480.0 | 440.0 | 680.0 | +40.0 µs (× 1.091) | +240.0 µs (× 1.545) | × 0.706; overhead × 0.167 |',
    );
  });

  it('says plainly that the async accept latency and the calls under 429 are not measured yet', () => {
    // Act
    const report = reportOf();

    // Assert
    expect(lineStarting(report, '| async run accepted (202)')).toContain('not measured yet');
    expect(lineStarting(report, '| `upstreamCallsPerDeliveryUnder429`')).toContain('not measured yet');
  });

  it('marks a missed goal in bold', () => {
    // Arrange
    const results = toBenchResults(someBenchMeasurements());
    const heavier = { ...results, memory: { ...results.memory, ratio: 1.3 } };

    // Act
    const line = lineStarting(reportOf(heavier), '| `memory.ratio`');

    // Assert
    expect(line).toBe('| `memory.ratio` | 1.300 | ≤ 1.100 | **missed** |');
  });
});
