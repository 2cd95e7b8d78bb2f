import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ratio, round } from './statistics';

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
  readonly secretFetchesPer1000: number;
  readonly upstreamConnectionsPer1000: number;
  readonly localServer: { readonly rps: number; readonly p99Ms: number; readonly errors: number };
}

/** The raw figures of one run, before ratios are taken. */
interface BenchMeasurements {
  /** Every code file of the adapter's bundle, loaded or not. */
  readonly adapterBytes: number;
  /** The adapter's code files loaded by the time its first invocation answered. */
  readonly adapterStartupBytes: number;
  /** The baseline's code files loaded by the time its first invocation answered. */
  readonly baselineBytes: number;
  readonly coldStart: { readonly adapterMs: number; readonly baselineMs: number; readonly runs: number };
  readonly warm: {
    readonly adapterP50Us: number;
    readonly adapterP99Us: number;
    readonly baselineP50Us: number;
    readonly baselineP99Us: number;
  };
  readonly secretFetchesPer1000: number;
  readonly upstreamConnectionsPer1000: number;
  readonly localServer: { readonly rps: number; readonly p99Ms: number; readonly errors: number };
}

/**
 * The contract's figures from a run's measurements: each ratio is adapter over baseline, from the
 * same run; times are kept to a tenth of their unit, ratios to three decimals.
 */
const toBenchResults = (measured: BenchMeasurements): BenchResults => {
  const { coldStart, warm, localServer } = measured;
  return {
    bundle: {
      adapterBytes: measured.adapterBytes,
      adapterStartupBytes: measured.adapterStartupBytes,
      baselineBytes: measured.baselineBytes,
      ratio: ratio(measured.adapterStartupBytes, measured.baselineBytes),
    },
    coldStart: {
      adapterMs: round(coldStart.adapterMs, 1),
      baselineMs: round(coldStart.baselineMs, 1),
      ratio: ratio(coldStart.adapterMs, coldStart.baselineMs),
      runs: coldStart.runs,
    },
    warm: {
      adapterP50Us: round(warm.adapterP50Us, 1),
      adapterP99Us: round(warm.adapterP99Us, 1),
      baselineP50Us: round(warm.baselineP50Us, 1),
      baselineP99Us: round(warm.baselineP99Us, 1),
      overheadP50Us: round(warm.adapterP50Us - warm.baselineP50Us, 1),
      ratio: ratio(warm.adapterP50Us, warm.baselineP50Us),
    },
    secretFetchesPer1000: measured.secretFetchesPer1000,
    upstreamConnectionsPer1000: measured.upstreamConnectionsPer1000,
    localServer: {
      rps: Math.round(localServer.rps),
      p99Ms: round(localServer.p99Ms, 1),
      errors: localServer.errors,
    },
  };
};

/** Writes the results as indented JSON, creating the folder if need be. */
const writeBenchResults = async (file: string, results: BenchResults): Promise<void> => {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
};

export { type BenchMeasurements, type BenchResults, toBenchResults, writeBenchResults };
