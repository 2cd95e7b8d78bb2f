import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { startLocalUpstreams } from './local-upstreams';
import { aRunImportEvent } from './run-import-event';
const up = await startLocalUpstreams();
const event = aRunImportEvent(up.apiKey);
const runs = Number(process.argv[2] ?? 10);
for (const name of (process.argv[3] ?? 'adapter,baseline').split(',')) {
  const dir = `/tmp/bx/cpuprof-${name}`; rmSync(dir, { recursive: true, force: true });
  for (let i = 0; i < runs; i++) await new Promise((resolve) => {
    const c = spawn(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--cpu-prof-interval', '200', 'bench/bundle-child.mjs', 'cold', `/tmp/bx/prof/${name}/index.mjs`, JSON.stringify(event)], { env: up.env, stdio: ['ignore', 'ignore', 'inherit', 'pipe'] });
    c.stdio[3]!.on('data', () => {}); c.on('close', resolve);
  });
}
await up.close();
