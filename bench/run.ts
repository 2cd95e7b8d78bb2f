/**
 * `npm run bench`: builds the adapter, the hand-written baseline and the peer written from the
 * libraries' docs with the production bundle's options, runs them against a local Which50
 * sandbox, a local Secrets Manager endpoint and a local DynamoDB, times the adapter as its work
 * grows, puts the local server under load, writes `bench/results.json` and prints the figures as
 * tables. The exit code is 1 when a goal is missed. Progress goes to stderr, the tables to stdout.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { type BuiltBundle, buildHandlerBundle, bundleBytes, type HandlerName } from './bundles';
import { measureCallsUnderThrottle } from './calls-under-throttle';
import { measureColdStarts } from './cold-start';
import type { Contender } from './contender';
import { judgeGoals, missedGoals } from './goals';
import { measureLocalServer } from './local-load';
import { startLocalUpstreams } from './local-upstreams';
import { renderReport } from './report';
import { type BenchMeasurements, type ContenderMeasurement, toBenchResults, writeBenchResults } from './results';
import { anAsyncRunImportEvent, aRunImportEvent } from './run-import-event';
import { measureStartupBytes } from './startup-bytes';
import { measureWarm } from './warm';
import { GROWTH_CASES, type GrowthCase, growthContenders } from './work-growth';

const RESULTS_FILE = path.join(import.meta.dirname, 'results.json');
const COLD_START_RUNS = 40;
const WARM = { processes: 6, warmUp: 1_000, timed: 5_000, block: 250 } as const;
/**
 * Eight cases: fewer invocations each than the main warm run, but as many processes, since a
 * ratio of two p50s a few tens of µs apart needs them to be stable.
 */
const GROWTH_WARM = { processes: 6, warmUp: 300, timed: 2_000, block: 250 } as const;
const LOAD = { connections: 200, durationSeconds: 5 } as const;

const HANDLERS: readonly HandlerName[] = ['adapter', 'baseline', 'peer'];

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

/** The figures measured elsewhere, or not yet: each has its place in the results. */
type MeasuredApart = 'localServer' | 'upstreamCallsPerDeliveryUnder429';

/** Everything but the local server, measured against the local Which50, Secrets Manager and DynamoDB. */
const measureHandlers = async (workDir: string): Promise<Omit<BenchMeasurements, MeasuredApart>> => {
  progress('building the adapter, the baseline and the peer with the production bundle options');
  const bundles = Object.fromEntries(
    await Promise.all(
      HANDLERS.map(async (name) => [name, await buildHandlerBundle(name, path.join(workDir, name))] as const),
    ),
  ) as Record<HandlerName, BuiltBundle>;

  const upstreams = await startLocalUpstreams();
  try {
    const event = aRunImportEvent(upstreams.apiKey);
    const contenders = Object.fromEntries(
      HANDLERS.map((name) => [name, { entry: bundles[name].entry, env: upstreams.env }]),
    ) as Record<HandlerName, Contender>;

    progress('finding the code each bundle loads up to its first answer');
    const startupBytes = {} as Record<HandlerName, number>;
    for (const name of HANDLERS) startupBytes[name] = await measureStartupBytes(contenders[name], event);

    progress(`cold starts: ${COLD_START_RUNS} fresh processes each, taking turns`);
    const coldStart = await measureColdStarts({ contenders, event, runs: COLD_START_RUNS });

    progress(`warm: ${WARM.processes} processes each, ${WARM.timed} timed invocations per process`);
    const warm = await measureWarm({ contenders, event, ...WARM, served: upstreams.counts });

    progress(`growth: eight cases, ${GROWTH_WARM.processes} processes each, taking turns`);
    const growth = await measureWarm({
      contenders: growthContenders({ adapter: bundles.adapter.entry, baseline: bundles.baseline.entry }, upstreams),
      event,
      ...GROWTH_WARM,
      served: upstreams.counts,
    });

    progress(
      `async accept: the 202 of Prefer: respond-async against the sync 200, ${GROWTH_WARM.processes} processes each`,
    );
    const startsBefore = upstreams.asyncStarts();
    const accept = await measureWarm({
      contenders: {
        async: { entry: bundles.adapter.entry, env: upstreams.env, event: anAsyncRunImportEvent(upstreams.apiKey) },
        sync: { entry: bundles.adapter.entry, env: upstreams.env, event },
      },
      event,
      ...GROWTH_WARM,
      served: upstreams.counts,
    });
    if (upstreams.asyncStarts() === startsBefore)
      throw new Error('The async contender started no run: it was not answered 202.');

    const measurementOf = (name: HandlerName): ContenderMeasurement => ({
      startupBytes: startupBytes[name],
      coldStartMs: coldStart.medianMs[name],
      warmP50Us: warm[name].p50Us,
      warmP99Us: warm[name].p99Us,
      rssMiB: warm[name].rssMiB,
    });
    return {
      adapterBytes: await bundleBytes(bundles.adapter.dir),
      adapter: measurementOf('adapter'),
      baseline: measurementOf('baseline'),
      peer: measurementOf('peer'),
      coldStartRuns: COLD_START_RUNS,
      growthP50Us: Object.fromEntries(GROWTH_CASES.map((name) => [name, growth[name].p50Us])) as Record<
        GrowthCase,
        number
      >,
      asyncAccept: { acceptP50Us: accept.async.p50Us, syncP50Us: accept.sync.p50Us },
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
  progress('upstream calls per delivery while Which50 answers 429 to every run');
  const throttled = await buildHandlerBundle('adapter', path.join(workDir, 'throttled'));
  const throttle = await measureCallsUnderThrottle({ entry: throttled.entry, deliveries: 20 });

  const results = toBenchResults({
    ...handlers,
    localServer,
    upstreamCallsPerDeliveryUnder429: throttle.maxCallsPerDelivery,
  });
  await writeBenchResults(RESULTS_FILE, results);
  const verdicts = judgeGoals(results);
  console.log(
    renderReport(results, verdicts, {
      warmProcesses: WARM.processes,
      warmTimed: WARM.timed,
      growthProcesses: GROWTH_WARM.processes,
      growthTimed: GROWTH_WARM.timed,
      loadConnections: LOAD.connections,
      loadSeconds: LOAD.durationSeconds,
    }),
  );
  const missed = missedGoals(verdicts);
  progress(
    `wrote ${path.relative(process.cwd(), RESULTS_FILE)}; ${missed.length === 0 ? 'every goal met' : `missed: ${missed.join(', ')}`}`,
  );
  if (missed.length > 0) process.exitCode = 1;
} finally {
  await rm(workDir, { recursive: true, force: true });
}
