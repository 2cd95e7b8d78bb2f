import { type BundlingOptions, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { BuildOptions } from 'esbuild';

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
  /** Prefer packages' ESM builds, which esbuild can tree-shake, over their CommonJS ones. */
  mainFields: ['module', 'main'],
  banner: CREATE_REQUIRE_BANNER,
  external: [] as readonly string[],
} as const;

/** The file NodejsFunction writes for an ESM bundle, and the name the benchmark should use. */
const BUNDLE_FILE_NAME = 'index.mjs';

/** Options for `NodejsFunction`'s `bundling`: the local esbuild, never Docker. */
const nodejsFunctionBundling = (): BundlingOptions => ({
  format: OutputFormat.ESM,
  target: BUNDLE.target,
  minify: BUNDLE.minify,
  sourceMap: BUNDLE.sourceMap,
  mainFields: [...BUNDLE.mainFields],
  banner: BUNDLE.banner,
  externalModules: [...BUNDLE.external],
  forceDockerBundling: false,
});

/**
 * The same bundle for esbuild's own API, as NodejsFunction passes it to the esbuild CLI, for
 * tools that build outside CDK (the benchmark). `outfile` should end in `index.mjs`, like the
 * deployed one, so that even the source-map comment matches.
 */
const esbuildBuildOptions = (entryPoint: string, outfile: string): BuildOptions => ({
  entryPoints: [entryPoint],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: BUNDLE.target,
  minify: BUNDLE.minify,
  sourcemap: BUNDLE.sourceMap,
  mainFields: [...BUNDLE.mainFields],
  banner: { js: BUNDLE.banner },
  external: [...BUNDLE.external],
});

export { BUNDLE_FILE_NAME, esbuildBuildOptions, nodejsFunctionBundling };
