import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { startLocalUpstreams } from './local-upstreams';
import { aRunImportEvent } from './run-import-event';
const up = await startLocalUpstreams();
const event = aRunImportEvent(up.apiKey);
const env = up.env;
const runs = Number(process.argv[2] ?? 8);
const moduleIndex = new Map<string, { line: number; name: string }[]>();
const modulesOf = (file: string) => {
  let m = moduleIndex.get(file);
  if (!m) {
    m = [];
    readFileSync(file, 'utf8').split('\n').forEach((l, i) => { const x = /^\/\/ (\S+\.(?:ts|js|mjs|cjs))$/.exec(l); if (x) m!.push({ line: i, name: x[1]!.replace(/^node_modules\//, '').replace(/\/dist-es\/|\/dist\/esm\/|\/lib\/esm\//, ':') }); });
    moduleIndex.set(file, m);
  }
  return m;
};
const moduleAt = (url: string, line: number) => {
  if (!url.startsWith('file:')) return url || '(native)';
  const file = new URL(url).pathname;
  if (!file.startsWith('/tmp/bx/prof')) return path.basename(file);
  const mods = modulesOf(file); let name = path.basename(file);
  for (const m of mods) { if (m.line <= line) name = m.name; else break; }
  return name.replace(/^(@[^/]+\/[^/:]+|[^@/:][^/:]*).*$/, '$1');
};
for (const name of ['adapter', 'baseline']) {
  const dir = `/tmp/bx/cpuprof-${name}`; rmSync(dir, { recursive: true, force: true });
  for (let i = 0; i < runs; i++) await new Promise((resolve) => {
    const c = spawn(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--cpu-prof-interval', '100', '/tmp/bx/phase-child.mjs', `/tmp/bx/prof/${name}/index.mjs`, JSON.stringify(event)], { env, stdio: ['ignore', 'ignore', 'inherit', 'pipe'] });
    c.stdio[3]!.on('data', () => {}); c.on('close', resolve);
  });
  const totals = new Map<string, number>(); let all = 0;
  for (const f of readdirSync(dir)) {
    const p = JSON.parse(readFileSync(path.join(dir, f), 'utf8'));
    const byId = new Map<number, any>(p.nodes.map((n: any) => [n.id, n]));
    const dts: number[] = p.timeDeltas;
    p.samples.forEach((id: number, i: number) => {
      const n = byId.get(id); const cf = n.callFrame;
      const key = cf.url ? moduleAt(cf.url, cf.lineNumber) : cf.functionName || '(anon)';
      const dt = (dts[i + 1] ?? 0) / 1000;
      totals.set(key, (totals.get(key) ?? 0) + dt); all += dt;
    });
  }
  console.log(`== ${name}: total ${(all / runs).toFixed(1)} ms/run`);
  for (const [k, v] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`${(v / runs).toFixed(2).padStart(8)}  ${k}`);
}
await up.close();
