import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toBenchResults, writeBenchResults } from '../../bench/results';
import { aContenderMeasurement, someBenchMeasurements } from '../support/bench-factories';

/**
 * The shape design.md's benchmark contract gives `bench/results.json`, every figure a number;
 * a figure not measured (`upstreamCallsPerDeliveryUnder429`) is null.
 */
const CONTRACT_SHAPE = {
  bundle: { adapterBytes: 0, adapterStartupBytes: 0, baselineBytes: 0, ratio: 0 },
  coldStart: { adapterMs: 0, baselineMs: 0, ratio: 0, runs: 0 },
  warm: { adapterP50Us: 0, adapterP99Us: 0, baselineP50Us: 0, baselineP99Us: 0, overheadP50Us: 0, ratio: 0 },
  memory: { adapterRssMiB: 0, baselineRssMiB: 0, ratio: 0 },
  peer: { startupBytes: 0, coldStartMs: 0, warmP50Us: 0, warmP99Us: 0, rssMiB: 0 },
  peerVsBaseline: { startupBytesRatio: 0, coldStartRatio: 0, warmP50Ratio: 0, overheadP50Us: 0, rssRatio: 0 },
  adapterVsPeer: { startupBytesRatio: 0, coldStartRatio: 0, warmP50Ratio: 0, warmOverheadRatio: 0, rssRatio: 0 },
  growth: {
    events0P50Us: 0,
    events10P50Us: 0,
    events50P50Us: 0,
    events10Ratio: 0,
    events50Ratio: 0,
    jsonP50Us: 0,
    xmlP50Us: 0,
    xmlRatio: 0,
    body60KiBP50Us: 0,
    body60KiBRatio: 0,
    baselineEvents0P50Us: 0,
    baselineEvents50P50Us: 0,
    baselineEvents50Ratio: 0,
  },
  asyncAccept: { acceptP50Us: 0, syncP50Us: 0, ratio: 0 },
  secretFetchesPer1000: 0,
  upstreamConnectionsPer1000: 0,
  upstreamCallsPerDeliveryUnder429: null,
  localServer: { rps: 0, p99Ms: 0, errors: 0 },
};

/** The same structure with every number replaced by its type, to compare shapes, not values. */
const shapeOf = (value: unknown): unknown =>
  typeof value === 'object' && value !== null
    ? Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, shapeOf(inner)]))
    : value === null
      ? 'null'
      : typeof value;

describe('toBenchResults', () => {
  it('has exactly the fields of the benchmark contract, each a number or, not measured yet, null', () => {
    // Act
    const results = toBenchResults(someBenchMeasurements());

    // Assert
    expect(shapeOf(results)).toEqual(shapeOf(CONTRACT_SHAPE));
  });

  it('takes the bundle ratio as startup bytes over the baseline bytes', () => {
    // Act
    const { bundle } = toBenchResults(
      someBenchMeasurements({
        adapter: aContenderMeasurement({ startupBytes: 300_000 }),
        baseline: aContenderMeasurement({ startupBytes: 200_000 }),
      }),
    );

    // Assert
    expect(bundle.ratio).toBe(1.5);
  });

  it('takes the cold start ratio of the medians, to three decimals', () => {
    // Act
    const { coldStart } = toBenchResults(
      someBenchMeasurements({
        adapter: aContenderMeasurement({ coldStartMs: 230 }),
        baseline: aContenderMeasurement({ coldStartMs: 210 }),
        coldStartRuns: 40,
      }),
    );

    // Assert
    expect(coldStart).toEqual({ adapterMs: 230, baselineMs: 210, ratio: 1.095, runs: 40 });
  });

  it('gives the warm overhead as the difference of the p50s, which may be negative', () => {
    // Act
    const { warm } = toBenchResults(
      someBenchMeasurements({
        adapter: aContenderMeasurement({ warmP50Us: 400.04 }),
        baseline: aContenderMeasurement({ warmP50Us: 420 }),
      }),
    );

    // Assert
    expect(warm.overheadP50Us).toBe(-20);
    expect(warm.ratio).toBe(0.952);
  });

  it('gives the peak memory of the adapter and the baseline, and their ratio', () => {
    // Act
    const { memory } = toBenchResults(
      someBenchMeasurements({
        adapter: aContenderMeasurement({ rssMiB: 88.04 }),
        baseline: aContenderMeasurement({ rssMiB: 80 }),
      }),
    );

    // Assert
    expect(memory).toEqual({ adapterRssMiB: 88, baselineRssMiB: 80, ratio: 1.101 });
  });

  it("gives the peer's own figures, rounded like the adapter's", () => {
    // Act
    const { peer } = toBenchResults(
      someBenchMeasurements({
        peer: aContenderMeasurement({
          startupBytes: 812_345,
          coldStartMs: 301.26,
          warmP50Us: 700.04,
          warmP99Us: 1_500.06,
          rssMiB: 112.34,
        }),
      }),
    );

    // Assert
    expect(peer).toEqual({
      startupBytes: 812_345,
      coldStartMs: 301.3,
      warmP50Us: 700,
      warmP99Us: 1_500.1,
      rssMiB: 112.3,
    });
  });

  it('takes every ratio of the peer against the baseline and of the adapter against the peer', () => {
    // Arrange
    const measurements = someBenchMeasurements({
      baseline: aContenderMeasurement({ startupBytes: 200_000, coldStartMs: 200, warmP50Us: 400, rssMiB: 80 }),
      peer: aContenderMeasurement({ startupBytes: 800_000, coldStartMs: 300, warmP50Us: 700, rssMiB: 100 }),
      adapter: aContenderMeasurement({ startupBytes: 300_000, coldStartMs: 210, warmP50Us: 460, rssMiB: 84 }),
    });

    // Act
    const { peerVsBaseline, adapterVsPeer } = toBenchResults(measurements);

    // Assert
    expect(peerVsBaseline).toEqual({
      startupBytesRatio: 4,
      coldStartRatio: 1.5,
      warmP50Ratio: 1.75,
      overheadP50Us: 300,
      rssRatio: 1.25,
    });
    expect(adapterVsPeer).toEqual({
      startupBytesRatio: 0.375,
      coldStartRatio: 0.7,
      warmP50Ratio: 0.657,
      warmOverheadRatio: 0.2,
      rssRatio: 0.84,
    });
  });

  it('leaves the overhead ratio against the peer null when the peer is not slower than the baseline', () => {
    // Act
    const { adapterVsPeer } = toBenchResults(
      someBenchMeasurements({
        baseline: aContenderMeasurement({ warmP50Us: 500 }),
        peer: aContenderMeasurement({ warmP50Us: 490 }),
      }),
    );

    // Assert
    expect(adapterVsPeer.warmOverheadRatio).toBeNull();
  });

  it('takes each growth ratio against its reference case: no events, or the same request as JSON', () => {
    // Act
    const { growth } = toBenchResults(
      someBenchMeasurements({
        growthP50Us: {
          events0: 400,
          events10: 420,
          events50: 500,
          json: 410,
          xml: 451,
          body60KiB: 615,
          baselineEvents0: 300,
          baselineEvents50: 330,
        },
      }),
    );

    // Assert
    expect(growth).toEqual({
      events0P50Us: 400,
      events10P50Us: 420,
      events50P50Us: 500,
      events10Ratio: 1.05,
      events50Ratio: 1.25,
      jsonP50Us: 410,
      xmlP50Us: 451,
      xmlRatio: 1.1,
      body60KiBP50Us: 615,
      body60KiBRatio: 1.5,
      baselineEvents0P50Us: 300,
      baselineEvents50P50Us: 330,
      baselineEvents50Ratio: 1.1,
    });
  });

  it('takes the async accept latency against the sync run once it is measured', () => {
    // Act
    const { asyncAccept } = toBenchResults(
      someBenchMeasurements({ asyncAccept: { acceptP50Us: 300.04, syncP50Us: 480 } }),
    );

    // Assert
    expect(asyncAccept).toEqual({ acceptP50Us: 300, syncP50Us: 480, ratio: 0.625 });
  });

  it('passes the counts per 1,000 requests, the calls under 429 and the local server figures through', () => {
    // Act
    const results = toBenchResults(
      someBenchMeasurements({
        secretFetchesPer1000: 0.2,
        upstreamConnectionsPer1000: 0.4,
        upstreamCallsPerDeliveryUnder429: 3,
        localServer: { rps: 1234.6, p99Ms: 12.34, errors: 3 },
      }),
    );

    // Assert
    expect(results).toMatchObject({
      secretFetchesPer1000: 0.2,
      upstreamConnectionsPer1000: 0.4,
      upstreamCallsPerDeliveryUnder429: 3,
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
    const results = toBenchResults(someBenchMeasurements());
    const file = path.join(dir, 'bench/results.json');

    // Act
    await writeBenchResults(file, results);

    // Assert
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(results);
  });
});
