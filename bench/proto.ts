import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { esbuildBuildOptions } from '../infra/bundling';
import { buildHandlerBundle, bundleBytes, loadedBundleBytes } from './bundles';
import { runBundleChild } from './bundle-child';
import { startLocalUpstreams } from './local-upstreams';
import { aRunImportEvent } from './run-import-event';
import { median } from './statistics';

const work = await mkdtemp(path.join(tmpdir(), 'bench-proto-'));
const adapter = await buildHandlerBundle('adapter', path.join(work, 'adapter'));
const baseline = await buildHandlerBundle('baseline', path.join(work, 'baseline'));
const single = async (entry: string, dir: string) => {
  const { entryPoints, outdir, splitting, chunkNames, outExtension, ...rest } = esbuildBuildOptions(entry, dir);
  await build({ ...rest, entryPoints: [entry], outfile: path.join(dir, 'index.mjs'), logLevel: 'warning' });
  return path.join(dir, 'index.mjs');
};
const adapterSingle = await single('lambda/handler.ts', path.join(work, 'adapter-single'));
const baselineSingle = await single('bench/baseline-handler.ts', path.join(work, 'baseline-single'));
const up = await startLocalUpstreams();
const event = aRunImportEvent(up.apiKey);
const variants: Record<string, string> = { adapter: adapter.entry, baseline: baseline.entry, adapterSingle, baselineSingle };
for (const [name, entry] of Object.entries(variants)) {
  const { files } = await runBundleChild({ mode: 'files', entry, event, env: up.env });
  console.log(name, 'loaded', await loadedBundleBytes(path.dirname(entry), files), 'total', await bundleBytes(path.dirname(entry)));
}
const envs = { maps: up.env, nomaps: { ...up.env, NODE_OPTIONS: '' } };
const runs = Number(process.argv[2] ?? 15);
for (const [envName, env] of Object.entries(envs)) {
  const times: Record<string, number[]> = {};
  for (let i = 0; i < runs; i++) for (const [name, entry] of Object.entries(variants)) {
    const { coldStartMs } = await runBundleChild({ mode: 'cold', entry, event, env });
    (times[name] ??= []).push(coldStartMs);
  }
  console.log(envName, Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v).toFixed(1)])));
}
console.log(up.counts());
await up.close();
