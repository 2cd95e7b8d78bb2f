import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Metafile } from 'esbuild';
import { BUNDLE_FILE_NAME, buildBundle } from '../infra/bundling';

const PROJECT_ROOT = path.resolve(import.meta.dirname, '..');

/** The handlers compared, by the name the report gives them. */
const HANDLER_ENTRIES = {
  adapter: path.join(PROJECT_ROOT, 'lambda/handler.ts'),
  baseline: path.join(PROJECT_ROOT, 'bench/baseline-handler.ts'),
  peer: path.join(PROJECT_ROOT, 'bench/peer-handler.ts'),
} as const;

type HandlerName = keyof typeof HANDLER_ENTRIES;

interface BuiltBundle {
  readonly dir: string;
  /** The file Lambda loads. */
  readonly entry: string;
  readonly metafile: Metafile;
}

/** Code files only: a source map is read only to print a stack trace. */
const isCodeFile = (file: string): boolean => file.endsWith('.mjs');

/** Builds one handler with the production bundle's options, as the stack deploys it, into `dir`. */
const buildHandlerBundle = async (name: HandlerName, dir: string): Promise<BuiltBundle> => {
  const metafile = await buildBundle(HANDLER_ENTRIES[name], dir);
  return { dir, entry: path.join(dir, BUNDLE_FILE_NAME), metafile };
};

/** The bytes of every code file in the bundle, loaded or not. */
const bundleBytes = async (dir: string): Promise<number> => {
  const files = await readdir(dir, { recursive: true });
  return codeBytes(files.map((file) => path.join(dir, file)));
};

/**
 * The bytes of the bundle's code files among `files` (what a process loaded, say). The loader
 * reports real paths, so the folder is compared by its real path too (macOS's tmpdir is a link).
 */
const loadedBundleBytes = async (dir: string, files: readonly string[]): Promise<number> => {
  const realDir = await realpath(dir);
  return codeBytes(files.filter((file) => !path.relative(realDir, file).startsWith('..')));
};

const codeBytes = async (files: readonly string[]): Promise<number> => {
  const sizes = await Promise.all(files.filter(isCodeFile).map(async (file) => (await stat(file)).size));
  return sizes.reduce((total, size) => total + size, 0);
};

export { type BuiltBundle, buildHandlerBundle, bundleBytes, HANDLER_ENTRIES, type HandlerName, loadedBundleBytes };
