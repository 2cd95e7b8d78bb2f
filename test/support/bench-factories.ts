import type { BenchMeasurements, ContenderMeasurement } from '../../bench/results';

/** One contender's raw figures, plausible for this machine. */
const aContenderMeasurement = (overrides: Partial<ContenderMeasurement> = {}): ContenderMeasurement => ({
  startupBytes: 200_000,
  coldStartMs: 200,
  warmP50Us: 440,
  warmP99Us: 850,
  rssMiB: 80,
  ...overrides,
});

/**
 * A run's raw figures that meet every goal: the adapter a little over the baseline, the peer well
 * over both, the growth cases close together; async accept and the 429 count not measured.
 */
const someBenchMeasurements = (overrides: Partial<BenchMeasurements> = {}): BenchMeasurements => ({
  adapterBytes: 600_000,
  adapter: aContenderMeasurement({
    startupBytes: 280_000,
    coldStartMs: 210,
    warmP50Us: 480,
    warmP99Us: 900,
    rssMiB: 84,
  }),
  baseline: aContenderMeasurement(),
  peer: aContenderMeasurement({
    startupBytes: 800_000,
    coldStartMs: 300,
    warmP50Us: 680,
    warmP99Us: 1_400,
    rssMiB: 110,
  }),
  coldStartRuns: 40,
  growthP50Us: {
    events0: 470,
    events10: 480,
    events50: 500,
    json: 480,
    xml: 520,
    body60KiB: 560,
    baselineEvents0: 430,
    baselineEvents50: 450,
  },
  asyncAccept: { acceptP50Us: 300, syncP50Us: 480 },
  secretFetchesPer1000: 0.167,
  upstreamConnectionsPer1000: 0.167,
  upstreamCallsPerDeliveryUnder429: null,
  localServer: { rps: 1500, p99Ms: 250, errors: 0 },
  ...overrides,
});

export { aContenderMeasurement, someBenchMeasurements };
