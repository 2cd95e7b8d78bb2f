import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

const REPO_ROOT = join(import.meta.dirname, '..', '..');

/** The adapter's own variables, never inherited from the test's environment. */
const ADAPTER_VARIABLES = ['SECRET_ID', 'LOCAL_SECRET_FILE', 'ALLOW_HTTP_UPSTREAM', 'PORT', 'SANDBOX_PORT'];

/** A port nothing listens on just now, from the kernel. */
const freePort = async (): Promise<number> =>
  new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });

/** A command that starts a server, in its own process group so that it stops with all its children. */
interface NpmStart {
  readonly url: string;
  readonly port: number;
  /** Resolves with the exit code once the command ended by itself (a refusal), or `undefined` once it listens. */
  readonly started: Promise<number | undefined>;
  stdout(): string;
  stderr(): string;
  stop(): Promise<void>;
}

const STARTED = 'listening on http://localhost:';

/** The test's environment without the adapter's own variables, which each start sets itself. */
const inheritedEnvironment = (base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv =>
  Object.fromEntries(Object.entries(base).filter(([name]) => !ADAPTER_VARIABLES.includes(name)));

/**
 * Runs `argv` from the repository root in `env` (its PORT is the port it should listen on) and
 * reports when the local server says it listens, or why the command ended.
 */
const startServerCommand = (argv: readonly string[], env: NodeJS.ProcessEnv): NpmStart => {
  const port = Number(env.PORT);
  const [command = 'false', ...args] = argv;
  const child: ChildProcess = spawn(command, args, {
    cwd: REPO_ROOT,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const exited = new Promise<number>((resolve) => child.once('exit', (code) => resolve(code ?? 1)));
  const started = new Promise<number | undefined>((resolve) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      if (stdout.includes(STARTED)) setTimeout(() => resolve(undefined), 200);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    void exited.then(resolve);
  });
  return {
    url: `http://localhost:${port}`,
    port,
    started,
    stdout: () => stdout,
    stderr: () => stderr,
    stop: async () => {
      if (child.exitCode === null && child.pid !== undefined) {
        try {
          process.kill(-child.pid, 'SIGTERM');
        } catch {
          // already gone
        }
        await exited;
      }
    },
  };
};

/** `npm start` as a reader runs it, with only `env` as the adapter's variables (PORT: a free port unless given). */
const startNpmStart = async (env: Readonly<Record<string, string>> = {}): Promise<NpmStart> => {
  const port = env.PORT ?? String(await freePort());
  return startServerCommand(['npm', '--silent', 'start'], { ...inheritedEnvironment(), PORT: port, ...env });
};

export { freePort, inheritedEnvironment, type NpmStart, REPO_ROOT, startNpmStart, startServerCommand };
