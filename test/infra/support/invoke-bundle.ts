import { fork } from 'node:child_process';
import path from 'node:path';

type Invocation =
  | { readonly ok: true; readonly result: unknown; readonly output: string }
  | { readonly ok: false; readonly error: { name?: string; message?: string }; readonly output: string };

const CHILD = path.join(import.meta.dirname, 'invoke-bundle-child.mjs');

/**
 * Invokes the handler of the bundle at `bundlePath` once, in a fresh Node process whose whole
 * environment is `env`, as a new Lambda execution environment would: cold module, own settings.
 * `output` is what the process logged, for a failing test to show.
 */
const invokeBundle = (bundlePath: string, env: Record<string, string>, event: unknown): Promise<Invocation> =>
  new Promise((resolve, reject) => {
    const child = fork(CHILD, [bundlePath], { env, execArgv: [], stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    let answer: Omit<Invocation, 'output'> | undefined;
    child.once('message', (message) => (answer = message as Omit<Invocation, 'output'>));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (answer === undefined)
        reject(new Error(`The bundle's process exited (${code}) without answering:\n${output}`));
      else resolve({ ...answer, output } as Invocation);
    });
    child.send(event as object);
  });

export { type Invocation, invokeBundle };
