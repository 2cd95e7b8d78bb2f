/**
 * `npx tsx bench/levers.ts`: measures, one at a time, the bundling and configuration levers the
 * production bundle was tuned with, each as a variant of the adapter beside the baseline, in one
 * run against the same local servers: the code loaded by the first answer, the cold start and
 * the warm p50. It prints a Markdown table; `npm run bench` remains the measure of record.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type BuildOptions, build } from 'esbuild';
import { BUNDLE_FILE_NAME, esbuildBuildOptions } from '../infra/bundling';
import { buildHandlerBundle, HANDLER_ENTRIES } from './bundles';
import { measureColdStarts } from './cold-start';
import type { Contender } from './contender';
import { startLocalUpstreams } from './local-upstreams';
import { aRunImportEvent } from './run-import-event';
import { measureStartupBytes } from './startup-bytes';
import { measureWarm } from './warm';

const COLD_START_RUNS = 20;
const WARM = { processes: 3, warmUp: 1_000, timed: 3_000, block: 250 } as const;

/** A variant of the production build: what it changes in esbuild's options, or in the environment. */
interface Lever {
  readonly label: string;
  readonly options?: (production: BuildOptions, outdir: string) => BuildOptions;
  readonly env?: Readonly<Record<string, string>>;
}

/** The production options, as one file: what NodejsFunction ships without the splitting hook. */
const oneFile = (production: BuildOptions, outdir: string): BuildOptions => {
  const { entryPoints, outdir: _outdir, splitting, chunkNames, outExtension, ...rest } = production;
  return {
    ...rest,
    entryPoints: Object.values(entryPoints as Record<string, string>),
    outfile: path.join(outdir, BUNDLE_FILE_NAME),
  };
};

const LEVERS = {
  deployed: { label: 'as deployed' },
  oneFile: { label: 'one file, no code splitting', options: oneFile },
  fullZod: {
    label: "full 'zod' entry instead of 'zod/mini'",
    options: (production) => ({ ...production, alias: { 'zod/mini': 'zod' } }),
  },
  mainFirst: {
    label: "esbuild's default main fields (CommonJS 'main' first)",
    options: (production) => ({ ...production, mainFields: ['main', 'module'] }),
  },
  sourceMapsOn: {
    label: 'with --enable-source-maps (NODE_OPTIONS; the baseline without)',
    env: { NODE_OPTIONS: '--enable-source-maps' },
  },
  sourcesContent: {
    label: "source maps carrying the sources' text (esbuild's default)",
    options: (production) => ({ ...production, sourcesContent: true }),
  },
  noOutcomeLines: {
    label: 'no per-invocation log line or EMF metrics (POWERTOOLS_LOG_LEVEL=WARN, POWERTOOLS_METRICS_DISABLED=true)',
    env: { POWERTOOLS_LOG_LEVEL: 'WARN', POWERTOOLS_METRICS_DISABLED: 'true' },
  },
} as const satisfies Record<string, Lever>;

type LeverName = keyof typeof LEVERS;

const buildLever = async ({ options }: Lever, outdir: string): Promise<string> => {
  if (options === undefined) return (await buildHandlerBundle('adapter', outdir)).entry;
  await build({ ...options(esbuildBuildOptions(HANDLER_ENTRIES.adapter, outdir), outdir), logLevel: 'error' });
  return path.join(outdir, BUNDLE_FILE_NAME);
};

const integer = (value: number): string => Math.round(value).toLocaleString('en-US');

const workDir = await mkdtemp(path.join(tmpdir(), 'which50-levers-'));
const upstreams = await startLocalUpstreams();
try {
  const event = aRunImportEvent(upstreams.apiKey);
  const contenders = {} as Record<LeverName | 'baseline', Contender>;
  for (const [name, lever] of Object.entries(LEVERS) as [LeverName, Lever][]) {
    contenders[name] = {
      entry: await buildLever(lever, path.join(workDir, name)),
      env: { ...upstreams.env, ...lever.env },
    };
  }
  contenders.baseline = {
    entry: (await buildHandlerBundle('baseline', path.join(workDir, 'baseline'))).entry,
    env: upstreams.env,
  };

  const bytes = {} as Record<LeverName | 'baseline', number>;
  for (const [name, contender] of Object.entries(contenders) as [LeverName | 'baseline', Contender][]) {
    bytes[name] = await measureStartupBytes(contender, event);
  }
  process.stderr.write(`levers: cold starts, ${COLD_START_RUNS} per variant\n`);
  const cold = await measureColdStarts({ contenders, event, runs: COLD_START_RUNS });
  process.stderr.write(`levers: warm, ${WARM.processes} processes per variant\n`);
  const warm = await measureWarm({ contenders, event, ...WARM, served: upstreams.counts });

  const rows = (Object.keys(contenders) as (LeverName | 'baseline')[]).map((name) => {
    const label = name === 'baseline' ? 'baseline (hand-written)' : LEVERS[name].label;
    const coldMs = cold.medianMs[name];
    const warmOverhead = warm[name].p50Us - warm.baseline.p50Us;
    return `| ${label} | ${integer(bytes[name])} | × ${(bytes[name] / bytes.baseline).toFixed(3)} | ${coldMs.toFixed(1)} | × ${(coldMs / cold.medianMs.baseline).toFixed(3)} | ${warm[name].p50Us.toFixed(1)} | ${warmOverhead >= 0 ? '+' : ''}${warmOverhead.toFixed(1)} |`;
  });
  console.log(
    [
      '| variant of the adapter | code loaded by the first answer (bytes) | vs baseline | cold start (ms) | vs baseline | warm p50 (µs) | vs baseline (µs) |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...rows,
    ].join('\n'),
  );
} finally {
  await upstreams.close();
  await rm(workDir, { recursive: true, force: true });
}
