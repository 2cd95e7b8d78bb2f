import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ratio, round } from './statistics';
import type { GrowthCase } from './work-growth';

/** `bench/results.json`, in the shape design.md's benchmark contract fixes. */
interface BenchResults {
  readonly bundle: {
    readonly adapterBytes: number;
    readonly adapterStartupBytes: number;
    readonly baselineBytes: number;
    readonly ratio: number;
  };
  readonly coldStart: {
    readonly adapterMs: number;
    readonly baselineMs: number;
    readonly ratio: number;
    readonly runs: number;
  };
  readonly warm: {
    readonly adapterP50Us: number;
    readonly adapterP99Us: number;
    readonly baselineP50Us: number;
    readonly baselineP99Us: number;
    readonly overheadP50Us: number;
    readonly ratio: number;
  };
  /** Peak resident memory of a warm process (median across processes), adapter over baseline. */
  readonly memory: { readonly adapterRssMiB: number; readonly baselineRssMiB: number; readonly ratio: number };
  /** The same job written from middy's and Powertools' docs (bench/peer-handler.ts). */
  readonly peer: {
    readonly startupBytes: number;
    readonly coldStartMs: number;
    readonly warmP50Us: number;
    readonly warmP99Us: number;
    readonly rssMiB: number;
  };
  /** The peer against the baseline: what the well-known libraries cost by themselves. */
  readonly peerVsBaseline: {
    readonly startupBytesRatio: number;
    readonly coldStartRatio: number;
    readonly warmP50Ratio: number;
    readonly overheadP50Us: number;
    readonly rssRatio: number;
  };
  /**
   * The adapter against the peer. `warmOverheadRatio` is the adapter's warm overhead over the
   * baseline divided by the peer's; null when the peer's is not positive (it cannot be compared).
   */
  readonly adapterVsPeer: {
    readonly startupBytesRatio: number;
    readonly coldStartRatio: number;
    readonly warmP50Ratio: number;
    readonly warmOverheadRatio: number | null;
    readonly rssRatio: number;
  };
  /** The adapter's warm p50 as the work grows, each ratio against its reference case. */
  readonly growth: {
    readonly events0P50Us: number;
    readonly events10P50Us: number;
    readonly events50P50Us: number;
    /** 10 events over none. */
    readonly events10Ratio: number;
    /** 50 events over none. */
    readonly events50Ratio: number;
    readonly jsonP50Us: number;
    readonly xmlP50Us: number;
    /** An XML answer over a JSON one, for the same request. */
    readonly xmlRatio: number;
    readonly body60KiBP50Us: number;
    /** A 60 KiB body over the same request unpadded (the JSON case). */
    readonly body60KiBRatio: number;
    /** The baseline on the no-event and 50-event requests: the growth that is not the adapter's. */
    readonly baselineEvents0P50Us: number;
    readonly baselineEvents50P50Us: number;
    readonly baselineEvents50Ratio: number;
  };
  /** An async run's 202 (the run record written, the durable execution started) against a sync run's 200, warm p50. */
  readonly asyncAccept: { readonly acceptP50Us: number; readonly syncP50Us: number; readonly ratio: number };
  readonly secretFetchesPer1000: number;
  readonly upstreamConnectionsPer1000: number;
  /** Run POSTs per delivery while Which50 answers 429 to every one; null until it is measured. */
  readonly upstreamCallsPerDeliveryUnder429: number | null;
  readonly localServer: { readonly rps: number; readonly p99Ms: number; readonly errors: number };
}

/** What one contender measured: startup bytes, cold start median, warm percentiles, peak memory. */
interface ContenderMeasurement {
  readonly startupBytes: number;
  readonly coldStartMs: number;
  readonly warmP50Us: number;
  readonly warmP99Us: number;
  readonly rssMiB: number;
}

/** The raw figures of one run, before ratios are taken. */
interface BenchMeasurements {
  /** Every code file of the adapter's bundle, loaded or not. */
  readonly adapterBytes: number;
  readonly adapter: ContenderMeasurement;
  /** For the baseline, startup bytes are its whole bundle's: it splits nothing off. */
  readonly baseline: ContenderMeasurement;
  readonly peer: ContenderMeasurement;
  readonly coldStartRuns: number;
  /** The warm p50 in each growth case, in µs. */
  readonly growthP50Us: Readonly<Record<GrowthCase, number>>;
  readonly asyncAccept: { readonly acceptP50Us: number; readonly syncP50Us: number };
  readonly secretFetchesPer1000: number;
  readonly upstreamConnectionsPer1000: number;
  readonly upstreamCallsPerDeliveryUnder429: number | null;
  readonly localServer: { readonly rps: number; readonly p99Ms: number; readonly errors: number };
}

const tenth = (value: number): number => round(value, 1);

const growthOf = (p50Us: Readonly<Record<GrowthCase, number>>): BenchResults['growth'] => ({
  events0P50Us: tenth(p50Us.events0),
  events10P50Us: tenth(p50Us.events10),
  events50P50Us: tenth(p50Us.events50),
  events10Ratio: ratio(p50Us.events10, p50Us.events0),
  events50Ratio: ratio(p50Us.events50, p50Us.events0),
  jsonP50Us: tenth(p50Us.json),
  xmlP50Us: tenth(p50Us.xml),
  xmlRatio: ratio(p50Us.xml, p50Us.json),
  body60KiBP50Us: tenth(p50Us.body60KiB),
  body60KiBRatio: ratio(p50Us.body60KiB, p50Us.json),
  baselineEvents0P50Us: tenth(p50Us.baselineEvents0),
  baselineEvents50P50Us: tenth(p50Us.baselineEvents50),
  baselineEvents50Ratio: ratio(p50Us.baselineEvents50, p50Us.baselineEvents0),
});

/**
 * The contract's figures from a run's measurements: each ratio is of figures from the same run;
 * times and memory are kept to a tenth of their unit, ratios to three decimals.
 */
const toBenchResults = (measured: BenchMeasurements): BenchResults => {
  const { adapter, baseline, peer, localServer, asyncAccept } = measured;
  const adapterOverheadUs = adapter.warmP50Us - baseline.warmP50Us;
  const peerOverheadUs = peer.warmP50Us - baseline.warmP50Us;
  return {
    bundle: {
      adapterBytes: measured.adapterBytes,
      adapterStartupBytes: adapter.startupBytes,
      baselineBytes: baseline.startupBytes,
      ratio: ratio(adapter.startupBytes, baseline.startupBytes),
    },
    coldStart: {
      adapterMs: tenth(adapter.coldStartMs),
      baselineMs: tenth(baseline.coldStartMs),
      ratio: ratio(adapter.coldStartMs, baseline.coldStartMs),
      runs: measured.coldStartRuns,
    },
    warm: {
      adapterP50Us: tenth(adapter.warmP50Us),
      adapterP99Us: tenth(adapter.warmP99Us),
      baselineP50Us: tenth(baseline.warmP50Us),
      baselineP99Us: tenth(baseline.warmP99Us),
      overheadP50Us: tenth(adapterOverheadUs),
      ratio: ratio(adapter.warmP50Us, baseline.warmP50Us),
    },
    memory: {
      adapterRssMiB: tenth(adapter.rssMiB),
      baselineRssMiB: tenth(baseline.rssMiB),
      ratio: ratio(adapter.rssMiB, baseline.rssMiB),
    },
    peer: {
      startupBytes: peer.startupBytes,
      coldStartMs: tenth(peer.coldStartMs),
      warmP50Us: tenth(peer.warmP50Us),
      warmP99Us: tenth(peer.warmP99Us),
      rssMiB: tenth(peer.rssMiB),
    },
    peerVsBaseline: {
      startupBytesRatio: ratio(peer.startupBytes, baseline.startupBytes),
      coldStartRatio: ratio(peer.coldStartMs, baseline.coldStartMs),
      warmP50Ratio: ratio(peer.warmP50Us, baseline.warmP50Us),
      overheadP50Us: tenth(peerOverheadUs),
      rssRatio: ratio(peer.rssMiB, baseline.rssMiB),
    },
    adapterVsPeer: {
      startupBytesRatio: ratio(adapter.startupBytes, peer.startupBytes),
      coldStartRatio: ratio(adapter.coldStartMs, peer.coldStartMs),
      warmP50Ratio: ratio(adapter.warmP50Us, peer.warmP50Us),
      warmOverheadRatio: peerOverheadUs > 0 ? ratio(adapterOverheadUs, peerOverheadUs) : null,
      rssRatio: ratio(adapter.rssMiB, peer.rssMiB),
    },
    growth: growthOf(measured.growthP50Us),
    asyncAccept: {
      acceptP50Us: tenth(asyncAccept.acceptP50Us),
      syncP50Us: tenth(asyncAccept.syncP50Us),
      ratio: ratio(asyncAccept.acceptP50Us, asyncAccept.syncP50Us),
    },
    secretFetchesPer1000: measured.secretFetchesPer1000,
    upstreamConnectionsPer1000: measured.upstreamConnectionsPer1000,
    upstreamCallsPerDeliveryUnder429: measured.upstreamCallsPerDeliveryUnder429,
    localServer: {
      rps: Math.round(localServer.rps),
      p99Ms: tenth(localServer.p99Ms),
      errors: localServer.errors,
    },
  };
};

/** Writes the results as indented JSON, creating the folder if need be. */
const writeBenchResults = async (file: string, results: BenchResults): Promise<void> => {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
};

export { type BenchMeasurements, type BenchResults, type ContenderMeasurement, toBenchResults, writeBenchResults };
