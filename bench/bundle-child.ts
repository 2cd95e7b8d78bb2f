import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

const CHILD_SCRIPT = path.join(import.meta.dirname, 'bundle-child-script.mjs');

/** What a child process measures (see bundle-child-script.mjs). */
interface ChildMeasurements {
  cold: { coldStartMs: number };
  /** `maxRssKiB`: the process's peak resident memory after its warm run (`resourceUsage().maxRSS`). */
  warm: { latenciesUs: number[]; maxRssKiB: number };
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
  /** Untimed invocations after the first, before a warm child says it is ready. */
  readonly warmUp?: number;
}

/** A warm child, ready after its warm-up, running timed invocations in blocks when told to. */
interface WarmChild {
  /** Runs `invocations` timed invocations and resolves when they are over. */
  runBlock(invocations: number): Promise<void>;
  /** Ends the child, resolving with the latency of every timed invocation it ran and its peak memory. */
  finish(): Promise<ChildMeasurements['warm']>;
}

/**
 * The bundle's stdout goes to /dev/null for every bundle alike; fd 3 carries the child's reports;
 * stdin carries a warm child's orders. Its stderr is kept to explain a failure.
 */
const spawnChild = (run: ChildRun<ChildMode>): ChildProcess =>
  spawn(process.execPath, [CHILD_SCRIPT, run.mode, run.entry, JSON.stringify(run.event), String(run.warmUp ?? 0)], {
    env: run.env,
    stdio: [run.mode === 'warm' ? 'pipe' : 'ignore', 'ignore', 'pipe', 'pipe'],
  });

/**
 * The child's reports, one line at a time. A child that failed, or ended without a report, is
 * an error naming what it printed on stderr.
 */
const reportsOf = (child: ChildProcess, entry: string): (() => Promise<string>) => {
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  child.once('error', (error) => (errors += `${error.message}\n`));
  const closed = once(child, 'close');
  const lines = createInterface({ input: child.stdio[3] as Readable })[Symbol.asyncIterator]();
  return async () => {
    const next = await lines.next();
    const line: string | undefined = next.done === true ? undefined : next.value;
    if (line !== undefined && !line.startsWith('{"error"')) return line;
    await closed;
    const failure = line === undefined ? 'ended without a report' : (JSON.parse(line) as { error: string }).error;
    throw new Error(`${entry}: ${failure}\n${errors}`);
  };
};

/** Runs one bundle in a fresh Node process, for one invocation, and resolves with what it measured. */
const runBundleChild = async <Mode extends 'cold' | 'files'>(run: ChildRun<Mode>): Promise<ChildMeasurements[Mode]> => {
  const child = spawnChild(run);
  const nextReport = reportsOf(child, run.entry);
  return JSON.parse(await nextReport()) as ChildMeasurements[Mode];
};

/**
 * Starts one bundle in a fresh Node process and resolves once its warm-up is over. Several warm
 * children can then wait side by side, each running a block of invocations when its turn comes:
 * a shift in the machine's speed then falls on every contender alike.
 */
const startWarmChild = async (run: Omit<ChildRun<'warm'>, 'mode'>): Promise<WarmChild> => {
  const child = spawnChild({ ...run, mode: 'warm' });
  const nextReport = reportsOf(child, run.entry);
  const order = (text: string) => child.stdin?.write(`${text}\n`);
  await nextReport();
  return {
    runBlock: async (invocations) => {
      order(String(invocations));
      await nextReport();
    },
    finish: async () => {
      order('end');
      return JSON.parse(await nextReport()) as ChildMeasurements['warm'];
    },
  };
};

export { type ChildMeasurements, type ChildRun, runBundleChild, startWarmChild, type WarmChild };
