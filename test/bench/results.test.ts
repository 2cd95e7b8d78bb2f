import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type BenchMeasurements, toBenchResults, writeBenchResults } from '../../bench/results';

/** The shape design.md's benchmark contract gives `bench/results.json`, every figure a number. */
const CONTRACT_SHAPE = {
  bundle: { adapterBytes: 0, adapterStartupBytes: 0, baselineBytes: 0, ratio: 0 },
  coldStart: { adapterMs: 0, baselineMs: 0, ratio: 0, runs: 0 },
  warm: { adapterP50Us: 0, adapterP99Us: 0, baselineP50Us: 0, baselineP99Us: 0, overheadP50Us: 0, ratio: 0 },
  secretFetchesPer1000: 0,
  upstreamConnectionsPer1000: 0,
  localServer: { rps: 0, p99Ms: 0, errors: 0 },
};

/** The same structure with every number replaced by its type, to compare shapes, not values. */
const shapeOf = (value: unknown): unknown =>
  typeof value === 'object' && value !== null
    ? Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, shapeOf(inner)]))
    : typeof value;

const someMeasurements = (overrides: Partial<BenchMeasurements> = {}): BenchMeasurements => ({
  adapterBytes: 600_000,
  adapterStartupBytes: 280_000,
  baselineBytes: 200_000,
  coldStart: { adapterMs: 210, baselineMs: 200, runs: 40 },
  warm: { adapterP50Us: 480, adapterP99Us: 900, baselineP50Us: 440, baselineP99Us: 850 },
  secretFetchesPer1000: 0.167,
  upstreamConnectionsPer1000: 0.167,
  localServer: { rps: 1500, p99Ms: 250, errors: 0 },
  ...overrides,
});

describe('toBenchResults', () => {
  it('has exactly the fields of the benchmark contract, each a number', () => {
    // Act
    const results = toBenchResults(someMeasurements());

    // Assert
    expect(shapeOf(results)).toEqual(shapeOf(CONTRACT_SHAPE));
  });

  it('takes the bundle ratio as startup bytes over the baseline bytes', () => {
    // Act
    const { bundle } = toBenchResults(someMeasurements({ adapterStartupBytes: 300_000, baselineBytes: 200_000 }));

    // Assert
    expect(bundle.ratio).toBe(1.5);
  });

  it('takes the cold start ratio of the medians, to three decimals', () => {
    // Act
    const { coldStart } = toBenchResults(
      someMeasurements({ coldStart: { adapterMs: 230, baselineMs: 210, runs: 40 } }),
    );

    // Assert
    expect(coldStart).toEqual({ adapterMs: 230, baselineMs: 210, ratio: 1.095, runs: 40 });
  });

  it('gives the warm overhead as the difference of the p50s, which may be negative', () => {
    // Act
    const { warm } = toBenchResults(
      someMeasurements({ warm: { adapterP50Us: 400.04, adapterP99Us: 800, baselineP50Us: 420, baselineP99Us: 810 } }),
    );

    // Assert
    expect(warm.overheadP50Us).toBe(-20);
    expect(warm.ratio).toBe(0.952);
  });

  it('passes the counts per 1,000 requests and the local server figures through', () => {
    // Act
    const results = toBenchResults(
      someMeasurements({
        secretFetchesPer1000: 0.2,
        upstreamConnectionsPer1000: 0.4,
        localServer: { rps: 1234.6, p99Ms: 12.34, errors: 3 },
      }),
    );

    // Assert
    expect(results).toMatchObject({
      secretFetchesPer1000: 0.2,
      upstreamConnectionsPer1000: 0.4,
      localServer: { rps: 1235, p99Ms: 12.3, errors: 3 },
    });
  });
});

describe('writeBenchResults', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'which50-results-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes JSON that reads back as the results, creating the folder', async () => {
    // Arrange
    const results = toBenchResults(someMeasurements());
    const file = path.join(dir, 'bench/results.json');

    // Act
    await writeBenchResults(file, results);

    // Assert
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(results);
  });
});
