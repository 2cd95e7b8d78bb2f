import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildHandlerBundle } from './bundles';
import { startLocalUpstreams } from './local-upstreams';
import { aRunImportEvent } from './run-import-event';
import { median } from './statistics';
const work = await mkdtemp(path.join(tmpdir(), 'bench-proto-'));
const adapter = await buildHandlerBundle('adapter', path.join(work, 'adapter'));
const baseline = await buildHandlerBundle('baseline', path.join(work, 'baseline'));
const up = await startLocalUpstreams();
const event = aRunImportEvent(up.apiKey);
const env = process.argv[3] === 'nomaps' ? { ...up.env, NODE_OPTIONS: '' } : up.env;
const run = (entry: string) => new Promise<any>((resolve) => {
  const c = spawn(process.execPath, ['/tmp/bx/phase-child.mjs', entry, JSON.stringify(event)], { env, stdio: ['ignore', 'ignore', 'inherit', 'pipe'] });
  let s = ''; c.stdio[3]!.on('data', (d) => (s += d)); c.on('close', () => resolve(JSON.parse(s)));
});
const out: Record<string, any[]> = { adapter: [], baseline: [] };
for (let i = 0; i < Number(process.argv[2] ?? 20); i++) { out.adapter!.push(await run(adapter.entry)); out.baseline!.push(await run(baseline.entry)); }
for (const [k, v] of Object.entries(out)) console.log(k, ['boot', 'import', 'first', 'second'].map((f) => `${f}=${median(v.map((x) => x[f])).toFixed(1)}`).join(' '), v[0].status);
await up.close();
