import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { esbuildBuildOptions } from '../infra/bundling';
import type { Contender } from './contender';
import { startLocalUpstreams } from './local-upstreams';
import { aRunImportEvent } from './run-import-event';
import { measureWarm } from './warm';
const V: Record<string, { entry: string; env?: Record<string, string> }> = {
  adapter: { entry: 'lambda/handler.ts' },
  warnlevel: { entry: 'lambda/handler.ts', env: { POWERTOOLS_LOG_LEVEL: 'WARN' } },
  baseline: { entry: 'bench/baseline-handler.ts' },
  fixed: { entry: '/tmp/bx/lf/lambda/handler.ts' },
  fixedwarn: { entry: '/tmp/bx/lf/lambda/handler.ts', env: { POWERTOOLS_LOG_LEVEL: 'WARN' } },
  clientonly: { entry: '/tmp/bx/variants/client-only.ts' },
};
const pick = process.argv[2]!.split(',');
const work = await mkdtemp(path.join(tmpdir(), 'bench-proto-'));
const up = await startLocalUpstreams();
const contenders: Record<string, Contender> = {};
for (const name of pick) { await build({ ...esbuildBuildOptions(V[name]!.entry, path.join(work, name)), logLevel: 'error' }); contenders[name] = { entry: path.join(work, name, 'index.mjs'), env: { ...up.env, ...V[name]!.env } }; }
const event = aRunImportEvent(up.apiKey);
const w = await measureWarm({ contenders, event, processes: Number(process.argv[3] ?? 5), warmUp: 1000, timed: Number(process.argv[4] ?? 3000), served: up.counts });
for (const name of pick) console.log(name.padEnd(12), 'p50', w[name]!.p50Us.toFixed(1), 'cpu', w[name]!.cpuUs.toFixed(1), ' Δp50', (w[name]!.p50Us - w[pick.at(-1)!]!.p50Us).toFixed(1), 'Δcpu', (w[name]!.cpuUs - w[pick.at(-1)!]!.cpuUs).toFixed(1));
await up.close();
