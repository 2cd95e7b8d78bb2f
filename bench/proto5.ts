import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build, type Plugin } from 'esbuild';
import { esbuildBuildOptions } from '../infra/bundling';
import { runBundleChild } from './bundle-child';
import { startLocalUpstreams } from './local-upstreams';
import { aRunImportEvent } from './run-import-event';
import { quantile } from './statistics';

const stub = (filter: RegExp, contents: string): Plugin => ({
  name: 'stub', setup(b) { b.onResolve({ filter }, (a) => ({ path: a.path, namespace: 'stub' })); b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({ contents, loader: 'ts' })); },
});
const variantsAll: Record<string, { entry: string; plugins?: Plugin[]; env?: Record<string, string> }> = {
  warnlevel: { entry: 'lambda/handler.ts', env: { POWERTOOLS_LOG_LEVEL: 'WARN' } },
  adapter: { entry: 'lambda/handler.ts' },
  baseline: { entry: 'bench/baseline-handler.ts' },
  clientonly: { entry: '/tmp/bx/variants/client-only.ts' },
  nolog: { entry: 'lambda/handler.ts', plugins: [stub(/observability$/, 'export const logger = { info() {}, error() {}, warn() {}, debug() {} };')] },
};
const pick = (process.argv[2] ?? 'adapter,baseline').split(',');
const work = await mkdtemp(path.join(tmpdir(), 'bench-proto-'));
const entries: Record<string, string> = {};
for (const name of pick) {
  const v = variantsAll[name]!;
  const opts = esbuildBuildOptions(v.entry, path.join(work, name));
  await build({ ...opts, plugins: v.plugins ?? [], logLevel: 'warning' });
  entries[name] = path.join(work, name, 'index.mjs');
}
const up = await startLocalUpstreams();
const event = aRunImportEvent(up.apiKey);
const rounds = Number(process.argv[3] ?? 3);
const all: Record<string, number[]> = {};
for (let r = 0; r < rounds; r++) {
  const line: string[] = [];
  for (const name of pick) {
    const { latenciesUs } = await runBundleChild({ mode: 'warm', entry: entries[name]!, event, env: { ...up.env, ...variantsAll[name]!.env }, warmUp: 1000, timed: 5000 });
    (all[name] ??= []).push(...latenciesUs);
    line.push(`${name}=${quantile(latenciesUs, 0.5).toFixed(0)}`);
  }
  console.log(line.join(' '));
}
console.log('pooled', Object.entries(all).map(([k, v]) => `${k}=${quantile(v, 0.5).toFixed(1)}`).join(' '));
await up.close();
