import { spawn } from 'node:child_process';
import path from 'node:path';

const CHILD_SCRIPT = path.join(import.meta.dirname, 'bundle-child.mjs');

/** What a child process measures (see bundle-child.mjs). */
interface ChildMeasurements {
  cold: { coldStartMs: number };
  warm: { latenciesUs: number[] };
  files: { files: string[] };
}

type ChildMode = keyof ChildMeasurements;

interface ChildRun<Mode extends ChildMode> {
  readonly mode: Mode;
  /** The bundle's entry file (`index.mjs`). */
  readonly entry: string;
  readonly event: unknown;
  /** The whole environment of the process, as Lambda would set it. */
  readonly env: Readonly<Record<string, string>>;
  readonly warmUp?: number;
  readonly timed?: number;
}

/**
 * Runs one bundle in a fresh Node process and resolves with what it measured. The bundle's stdout
 * goes to /dev/null for every bundle alike; its stderr is kept to explain a failure.
 */
const runBundleChild = <Mode extends ChildMode>(run: ChildRun<Mode>): Promise<ChildMeasurements[Mode]> =>
  new Promise((resolve, reject) => {
    const args = [
      CHILD_SCRIPT,
      run.mode,
      run.entry,
      JSON.stringify(run.event),
      String(run.warmUp ?? 0),
      String(run.timed ?? 0),
    ];
    const child = spawn(process.execPath, args, { env: run.env, stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
    let report = '';
    let errors = '';
    child.stdio[3]?.on('data', (chunk: Buffer) => (report += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => {
      const measured = report === '' ? undefined : (JSON.parse(report) as ChildMeasurements[Mode] | { error: string });
      if (measured === undefined)
        return reject(new Error(`${run.entry} exited (${code}) without a report:\n${errors}`));
      if ('error' in measured) return reject(new Error(`${run.entry} failed: ${measured.error}\n${errors}`));
      resolve(measured);
    });
  });

export { type ChildMeasurements, type ChildRun, runBundleChild };
