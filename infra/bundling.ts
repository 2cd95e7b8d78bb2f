import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { type BundlingOptions, type ICommandHooks, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { type BuildOptions, build, type Metafile } from 'esbuild';

/**
 * ESM bundles have no `require`, yet CommonJS dependencies inlined into them still call it for
 * Node built-ins; this banner gives them one. The alias avoids a clash with bundled names.
 */
const CREATE_REQUIRE_BANNER =
  "import { createRequire as createTopLevelRequire } from 'node:module'; const require = createTopLevelRequire(import.meta.url);";

/**
 * The production bundle's shape, written once. The stack and the benchmark both derive their
 * options from it, so what is measured is what is deployed. The AWS SDK is bundled rather than
 * taken from the runtime: the version is then the one tested, and the benchmark's baseline
 * carries the same SDK weight.
 */
const BUNDLE = {
  /** nodejs24.x runs this syntax natively, so nothing is down-levelled. */
  target: 'node24',
  minify: true,
  sourceMap: true,
  /**
   * Maps without the sources' text: a stack trace is mapped by the mappings alone, and the maps
   * stay a quarter of the size (they are read whole whenever `--enable-source-maps` is on).
   */
  sourcesContent: false,
  /** Prefer packages' ESM builds, which esbuild can tree-shake, over their CommonJS ones. */
  mainFields: ['module', 'main'],
  banner: CREATE_REQUIRE_BANNER,
  external: [] as readonly string[],
} as const;

/** The entry file Lambda loads (`index.handler`); the name NodejsFunction gives an ESM bundle. */
const BUNDLE_FILE_NAME = 'index.mjs';
/** Where the code split off behind `import()` goes, beside the entry. */
const CHUNKS_DIR = 'chunks';

/**
 * Where the bundle is notionally built. Source maps name their sources relative to the output
 * folder, and esbuild hashes chunk names over the maps; building for one fixed folder and then
 * writing the files where asked gives the same bytes and names wherever the bundle is built (a
 * CDK staging folder, the benchmark's temporary one). Never written to.
 */
const NOTIONAL_OUTDIR = path.resolve(import.meta.dirname, '..', 'bundle');

const PROJECT_ROOT = path.resolve(import.meta.dirname, '..');
const SPLIT_BUNDLE_SCRIPT = path.join(import.meta.dirname, 'split-bundle.ts');

/**
 * The production bundle for esbuild's API: ESM, split into chunks so that code reached only
 * through `import()` (the idempotency store, the DynamoDB client, the XML parser) is loaded only
 * when a request needs it. `index.mjs` is the entry; the chunks go to `chunks/`.
 */
const esbuildBuildOptions = (entryPoint: string, outdir: string): BuildOptions => ({
  entryPoints: { [path.basename(BUNDLE_FILE_NAME, '.mjs')]: entryPoint },
  outdir,
  outExtension: { '.js': '.mjs' },
  chunkNames: `${CHUNKS_DIR}/[name]-[hash]`,
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: BUNDLE.target,
  minify: BUNDLE.minify,
  sourcemap: BUNDLE.sourceMap,
  sourcesContent: BUNDLE.sourcesContent,
  mainFields: [...BUNDLE.mainFields],
  banner: { js: BUNDLE.banner },
  external: [...BUNDLE.external],
});

/**
 * Builds the production bundle of `entryPoint` into `outdir` (the same bytes wherever `outdir`
 * is) and returns esbuild's metafile, whose paths are relative to the project root.
 */
const buildBundle = async (entryPoint: string, outdir: string): Promise<Metafile> => {
  const { outputFiles, metafile } = await build({
    ...esbuildBuildOptions(entryPoint, NOTIONAL_OUTDIR),
    absWorkingDir: PROJECT_ROOT,
    metafile: true,
    write: false,
    logLevel: 'warning',
  });
  for (const file of outputFiles) {
    const target = path.join(outdir, path.relative(NOTIONAL_OUTDIR, file.path));
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, file.contents);
  }
  return metafile;
};

/** `it's` -> `'it'\''s'`: one word for a POSIX shell, whatever it holds. */
const shellWord = (text: string): string => `'${text.replaceAll("'", "'\\''")}'`;

/**
 * NodejsFunction runs the esbuild CLI with `--outfile`, which cannot split; this hook then builds
 * the split bundle over its output with {@link buildBundle}, so the deployed artifact is the one
 * the benchmark measures. It runs with the Node.js that runs the synth, and tsx from the project.
 */
const splitBundleHooks = (entryPoint: string): ICommandHooks => {
  const tsxCli = createRequire(import.meta.url).resolve('tsx/cli');
  return {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (_inputDir, outputDir) => [
      [process.execPath, tsxCli, SPLIT_BUNDLE_SCRIPT, entryPoint, outputDir].map(shellWord).join(' '),
    ],
  };
};

/** Options for `NodejsFunction`'s `bundling` of `entryPoint`: the local esbuild, never Docker. */
const nodejsFunctionBundling = (entryPoint: string): BundlingOptions => ({
  format: OutputFormat.ESM,
  target: BUNDLE.target,
  minify: BUNDLE.minify,
  sourceMap: BUNDLE.sourceMap,
  sourcesContent: BUNDLE.sourcesContent,
  mainFields: [...BUNDLE.mainFields],
  banner: BUNDLE.banner,
  externalModules: [...BUNDLE.external],
  forceDockerBundling: false,
  commandHooks: splitBundleHooks(entryPoint),
});

export { BUNDLE_FILE_NAME, buildBundle, CHUNKS_DIR, esbuildBuildOptions, nodejsFunctionBundling };
