import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { startLocalUpstreams } from './local-upstreams';
import { aRunImportEvent } from './run-import-event';
const up = await startLocalUpstreams();
const event = aRunImportEvent(up.apiKey);
const level = process.argv[3] ?? 'INFO';
for (const name of (process.argv[2] ?? 'adapter,baseline').split(',')) {
  const dir = `/tmp/bx/warmprof-${name}`; rmSync(dir, { recursive: true, force: true });
  await new Promise((resolve) => {
    const c = spawn(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--cpu-prof-interval', '100', 'bench/bundle-child.mjs', 'warm', `/tmp/bx/prof/${name}/index.mjs`, JSON.stringify(event), '1000', '8000'], { env: { ...up.env, POWERTOOLS_LOG_LEVEL: level }, stdio: ['ignore', 'ignore', 'inherit', 'pipe'] });
    let s = ''; c.stdio[3]!.on('data', (d) => (s += d)); c.on('close', () => { const l = JSON.parse(s).latenciesUs.sort((a: number, b: number) => a - b); console.log(name, 'p50', l[4000]); resolve(null); });
  });
}
await up.close();
