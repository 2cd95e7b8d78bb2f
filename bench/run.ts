/**
 * `npm run bench`: builds the adapter and the hand-written baseline with the production bundle's
 * options, runs both against a local Which50 sandbox and a local Secrets Manager endpoint, puts
 * the local server under load, writes `bench/results.json` and prints the figures as a table.
 * The exit code is 1 when a goal is missed. Progress goes to stderr, the table to stdout.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { buildHandlerBundle, bundleBytes } from './bundles';
import { measureColdStarts } from './cold-start';
import type { Contender } from './contender';
import { judgeGoals } from './goals';
import { measureLocalServer } from './local-load';
import { startLocalUpstreams } from './local-upstreams';
import { renderReport } from './report';
import { type BenchMeasurements, toBenchResults, writeBenchResults } from './results';
import { aRunImportEvent } from './run-import-event';
import { measureStartupBytes } from './startup-bytes';
import { measureWarm } from './warm';

const RESULTS_FILE = path.join(import.meta.dirname, 'results.json');
const COLD_START_RUNS = 50;
const WARM = { processes: 7, warmUp: 1_000, timed: 5_000, block: 250 } as const;
const LOAD = { connections: 200, durationSeconds: 5 } as const;

const progress = (message: string): void => {
  process.stderr.write(`bench: ${message}\n`);
};

/**
 * Other work on the machine slows both handlers, but not equally: a benchmark run beside a busy
 * test suite says little. The run goes on, with a warning that its figures may be skewed.
 */
const warnIfBusy = (when: string): void => {
  const [lastMinute = 0] = loadavg();
  if (lastMinute > availableParallelism() * 0.5) {
    progress(
      `warning: load average ${lastMinute.toFixed(1)} on ${availableParallelism()} cores ${when}; the figures may be skewed`,
    );
  }
};

/** Everything but the local server, measured against the local Which50 and Secrets Manager. */
const measureHandlers = async (workDir: string): Promise<Omit<BenchMeasurements, 'localServer'>> => {
  progress('building the adapter and the baseline with the production bundle options');
  const adapter = await buildHandlerBundle('adapter', path.join(workDir, 'adapter'));
  const baseline = await buildHandlerBundle('baseline', path.join(workDir, 'baseline'));

  const upstreams = await startLocalUpstreams();
  try {
    const event = aRunImportEvent(upstreams.apiKey);
    const contenders: Record<'adapter' | 'baseline', Contender> = {
      adapter: { entry: adapter.entry, env: upstreams.env },
      baseline: { entry: baseline.entry, env: upstreams.env },
    };

    progress('finding the code each bundle loads up to its first answer');
    const adapterStartupBytes = await measureStartupBytes(contenders.adapter, event);
    const baselineBytes = await measureStartupBytes(contenders.baseline, event);

    progress(`cold starts: ${COLD_START_RUNS} fresh processes each, taking turns`);
    const coldStart = await measureColdStarts({ contenders, event, runs: COLD_START_RUNS });

    progress(`warm: ${WARM.processes} processes each, ${WARM.timed} timed invocations per process`);
    const warm = await measureWarm({ contenders, event, ...WARM, served: upstreams.counts });

    return {
      adapterBytes: await bundleBytes(adapter.dir),
      adapterStartupBytes,
      baselineBytes,
      coldStart: {
        adapterMs: coldStart.medianMs.adapter,
        baselineMs: coldStart.medianMs.baseline,
        runs: COLD_START_RUNS,
      },
      warm: {
        adapterP50Us: warm.adapter.p50Us,
        adapterP99Us: warm.adapter.p99Us,
        baselineP50Us: warm.baseline.p50Us,
        baselineP99Us: warm.baseline.p99Us,
      },
      secretFetchesPer1000: warm.adapter.secretFetchesPer1000,
      upstreamConnectionsPer1000: warm.adapter.upstreamConnectionsPer1000,
    };
  } finally {
    await upstreams.close();
  }
};

const workDir = await mkdtemp(path.join(tmpdir(), 'which50-bench-'));
try {
  warnIfBusy('before the run');
  const handlers = await measureHandlers(workDir);
  progress(`local server: ${LOAD.connections} connections for ${LOAD.durationSeconds} s`);
  const localServer = await measureLocalServer(LOAD);

  const results = toBenchResults({ ...handlers, localServer });
  await writeBenchResults(RESULTS_FILE, results);
  const verdicts = judgeGoals(results);
  console.log(
    renderReport(results, verdicts, {
      warmProcesses: WARM.processes,
      warmTimed: WARM.timed,
      loadConnections: LOAD.connections,
      loadSeconds: LOAD.durationSeconds,
    }),
  );
  const missed = verdicts.filter(({ met }) => !met).map(({ name }) => name);
  progress(
    `wrote ${path.relative(process.cwd(), RESULTS_FILE)}; ${missed.length === 0 ? 'every goal met' : `missed: ${missed.join(', ')}`}`,
  );
  if (missed.length > 0) process.exitCode = 1;
} finally {
  await rm(workDir, { recursive: true, force: true });
}
