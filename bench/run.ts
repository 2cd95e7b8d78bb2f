/**
 * `npm run bench`: builds the adapter and the hand-written baseline with the production bundle's
 * options, runs both against a local Which50 sandbox and a local Secrets Manager endpoint, puts
 * the local server under load, writes `bench/results.json` and prints the figures as a table.
 * The exit code is 1 when a goal is missed. Progress goes to stderr, the table to stdout.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runBundleChild } from './bundle-child';
import { buildHandlerBundle, bundleBytes, type HandlerName, loadedBundleBytes } from './bundles';
import { measureColdStarts } from './cold-start';
import { judgeGoals } from './goals';
import { measureLocalServer } from './local-load';
import { type LocalUpstreams, startLocalUpstreams } from './local-upstreams';
import { renderReport } from './report';
import { toBenchResults, writeBenchResults } from './results';
import { aRunImportEvent } from './run-import-event';
import { measureWarm } from './warm';

const RESULTS_FILE = path.join(import.meta.dirname, 'results.json');
const COLD_START_RUNS = 40;
const WARM = { processes: 3, warmUp: 1_000, timed: 5_000 } as const;
const LOAD = { connections: 200, durationSeconds: 5 } as const;

const progress = (message: string): void => {
  process.stderr.write(`bench: ${message}\n`);
};

/** The bundle's code bytes that a fresh process loads up to its first answer. */
const startupBytes = async (dir: string, entry: string, upstreams: LocalUpstreams): Promise<number> => {
  const { files } = await runBundleChild({ mode: 'files', entry, event: aRunImportEvent(upstreams.apiKey), env: upstreams.env });
  return loadedBundleBytes(dir, files);
};

const workDir = await mkdtemp(path.join(tmpdir(), 'which50-bench-'));
try {
  progress('building both bundles with the production options');
  const [adapter, baseline] = await Promise.all(
    (['adapter', 'baseline'] as const satisfies readonly HandlerName[]).map((name) =>
      buildHandlerBundle(name, path.join(workDir, name)),
    ),
  );
  const entries = { adapter: adapter.entry, baseline: baseline.entry };

  const upstreams = await startLocalUpstreams();
  const event = aRunImportEvent(upstreams.apiKey);
  let measuredWithUpstreams;
  try {
    progress('finding the code each bundle loads up to its first answer');
    const adapterStartupBytes = await startupBytes(adapter.dir, adapter.entry, upstreams);
    const baselineBytes = await startupBytes(baseline.dir, baseline.entry, upstreams);

    progress(`cold starts: ${COLD_START_RUNS} fresh processes each, adapter and baseline in turn`);
    const coldStart = await measureColdStarts({ entries, env: upstreams.env, event, runs: COLD_START_RUNS });

    progress(`warm: ${WARM.processes} processes each, ${WARM.timed} timed invocations per process`);
    const warm = await measureWarm({ entries, env: upstreams.env, event, ...WARM, served: upstreams.counts });

    measuredWithUpstreams = {
      adapterBytes: await bundleBytes(adapter.dir),
      adapterStartupBytes,
      baselineBytes,
      coldStart: { adapterMs: coldStart.medianMs.adapter, baselineMs: coldStart.medianMs.baseline, runs: COLD_START_RUNS },
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

  progress(`local server: ${LOAD.connections} connections for ${LOAD.durationSeconds} s`);
  const localServer = await measureLocalServer(LOAD);

  const results = toBenchResults({ ...measuredWithUpstreams, localServer });
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
  const missed = verdicts.filter(({ met }) => !met);
  progress(`wrote ${path.relative(process.cwd(), RESULTS_FILE)}; ${missed.length === 0 ? 'every goal met' : `missed: ${missed.map(({ name }) => name).join(', ')}`}`);
  if (missed.length > 0) process.exitCode = 1;
} finally {
  await rm(workDir, { recursive: true, force: true });
}
