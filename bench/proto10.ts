import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build, type Plugin } from 'esbuild';
import { esbuildBuildOptions } from '../infra/bundling';
import { runBundleChild } from './bundle-child';
import { loadedBundleBytes } from './bundles';
import { startLocalUpstreams } from './local-upstreams';
import { aRunImportEvent } from './run-import-event';
import { median } from './statistics';
type V = { entry: string; env?: Record<string, string>; single?: boolean; alias?: Record<string, string>; mainFields?: string[]; plugins?: Plugin[] };
const V: Record<string, V> = {
  adapter: { entry: 'lambda/handler.ts' },
  baseline: { entry: 'bench/baseline-handler.ts' },
  adapterNoMaps: { entry: 'lambda/handler.ts', env: { NODE_OPTIONS: '' } },
  baselineNoMaps: { entry: 'bench/baseline-handler.ts', env: { NODE_OPTIONS: '' } },
  clientonly: { entry: '/tmp/bx/variants/client-only.ts' },
  adapterSingle: { entry: 'lambda/handler.ts', single: true },
  baselineSingle: { entry: 'bench/baseline-handler.ts', single: true },
  adapterFullZod: { entry: 'lambda/handler.ts', alias: { 'zod/mini': 'zod' } },
  adapterDefaultMain: { entry: 'lambda/handler.ts', mainFields: ['main', 'module'] },
  fixed: { entry: '/tmp/bx/lf/lambda/handler.ts' },
};
const pick = process.argv[2]!.split(',');
const rounds = Number(process.argv[3] ?? 20);
const work = await mkdtemp(path.join(tmpdir(), 'bench-proto-'));
const entries: Record<string, string> = {};
for (const name of pick) {
  const v = V[name]!; const dir = path.join(work, name);
  const o = esbuildBuildOptions(v.entry, dir);
  if (v.single) { const { entryPoints, outdir, splitting, chunkNames, outExtension, ...rest } = o; await build({ ...rest, entryPoints: [v.entry], outfile: path.join(dir, 'index.mjs'), logLevel: 'error' }); }
  else await build({ ...o, ...(v.alias && { alias: v.alias }), ...(v.mainFields && { mainFields: v.mainFields }), logLevel: 'error' });
  entries[name] = path.join(dir, 'index.mjs');
}
const up = await startLocalUpstreams();
const event = aRunImportEvent(up.apiKey);
const env = (n: string) => ({ ...up.env, ...V[n]!.env });
for (const name of pick) {
  const { files } = await runBundleChild({ mode: 'files', entry: entries[name]!, event, env: env(name) });
  console.log(name.padEnd(20), 'startup bytes', await loadedBundleBytes(path.dirname(entries[name]!), files), 'files', files.filter((f) => f.startsWith(work)).length);
}
const t: Record<string, number[]> = {};
for (let r = 0; r < rounds; r++) for (const name of pick) { const { coldStartMs } = await runBundleChild({ mode: 'cold', entry: entries[name]!, event, env: env(name) }); (t[name] ??= []).push(coldStartMs); }
for (const name of pick) console.log(name.padEnd(20), 'cold median', median(t[name]!).toFixed(1), 'ratio to baseline', (median(t[name]!) / median(t.baseline ?? t[pick[1]!]!)).toFixed(3));
await up.close();
