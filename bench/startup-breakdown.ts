/**
 * `npx tsx bench/startup-breakdown.ts`: which packages and source files make up the code each
 * bundle loads by its first answer, from esbuild's metafile and the files a fresh process really
 * loaded: the adapter beside the baseline, largest difference first. Use it to find what to move
 * behind an `import()` when `bundle.ratio` grows.
 */
import { mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Metafile } from 'esbuild';
import { runBundleChild } from './bundle-child';
import { buildHandlerBundle } from './bundles';
import { startLocalUpstreams } from './local-upstreams';
import { aRunImportEvent } from './run-import-event';

/** `node_modules/@scope/name/...` -> `@scope/name`; a project file keeps its path. */
const ownerOf = (input: string): string => {
  const inPackage = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
  return inPackage?.[1] ?? input;
};

/** Output bytes by owner, over the outputs a process loaded (real paths, as the loader reports them). */
const bytesByOwner = (metafile: Metafile, realDir: string, loaded: readonly string[]): Map<string, number> => {
  const loadedOutputs = new Set(loaded.map((file) => path.relative(realDir, file)));
  const owners = new Map<string, number>();
  for (const [output, { inputs }] of Object.entries(metafile.outputs)) {
    const relative = output.split('/').slice(1).join('/');
    if (!loadedOutputs.has(relative)) continue;
    for (const [input, { bytesInOutput }] of Object.entries(inputs)) {
      owners.set(ownerOf(input), (owners.get(ownerOf(input)) ?? 0) + bytesInOutput);
    }
  }
  return owners;
};

const workDir = await mkdtemp(path.join(tmpdir(), 'which50-breakdown-'));
const upstreams = await startLocalUpstreams();
try {
  const event = aRunImportEvent(upstreams.apiKey);
  const owners = {} as Record<'adapter' | 'baseline', Map<string, number>>;
  for (const name of ['adapter', 'baseline'] as const) {
    const bundle = await buildHandlerBundle(name, path.join(workDir, name));
    const { files } = await runBundleChild({ mode: 'files', entry: bundle.entry, event, env: upstreams.env });
    owners[name] = bytesByOwner(bundle.metafile, await realpath(bundle.dir), files);
  }
  const names = new Set([...owners.adapter.keys(), ...owners.baseline.keys()]);
  const rows = [...names]
    .map((name) => ({ name, adapter: owners.adapter.get(name) ?? 0, baseline: owners.baseline.get(name) ?? 0 }))
    .filter(({ adapter, baseline }) => adapter !== baseline)
    .toSorted((left, right) => right.adapter - right.baseline - (left.adapter - left.baseline));
  const total = (map: Map<string, number>) => [...map.values()].reduce((sum, bytes) => sum + bytes, 0);
  console.log('| package or file | adapter (bytes) | baseline (bytes) | difference |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const { name, adapter, baseline } of rows)
    console.log(`| ${name} | ${adapter} | ${baseline} | ${adapter - baseline} |`);
  console.log(
    `| all modules (without the chunks' own glue) | ${total(owners.adapter)} | ${total(owners.baseline)} | ${total(owners.adapter) - total(owners.baseline)} |`,
  );
} finally {
  await upstreams.close();
  await rm(workDir, { recursive: true, force: true });
}
