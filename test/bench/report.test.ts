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

  it('says plainly that the calls under 429 are not measured when they are not', () => {
    // Act
    const report = reportOf();

    // Assert
    expect(lineStarting(report, '| `upstreamCallsPerDeliveryUnder429`')).toContain('not measured yet');
  });

  it('prints the async accept latency against the sync run measured beside it', () => {
    // Act
    const line = lineStarting(reportOf(), '| async run accepted (202)');

    // Assert
    expect(line).toBe('| async run accepted (202) | 300.0 | × 0.625 sync run |');
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
