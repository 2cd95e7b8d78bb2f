/**
 * `tsx infra/split-bundle.ts <entry> <outdir>`: writes the split production bundle of `entry` into
 * `outdir`, over the single file NodejsFunction's own esbuild step left there. The stack runs it
 * as that step's `afterBundling` hook (see `nodejsFunctionBundling`).
 */
import { buildBundle } from './bundling';

const [entryPoint, outdir] = process.argv.slice(2);
if (entryPoint === undefined || outdir === undefined) {
  console.error('usage: tsx infra/split-bundle.ts <entry> <outdir>');
  process.exit(2);
}
await buildBundle(entryPoint, outdir);
