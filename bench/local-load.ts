import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import { DEMO_API_KEY } from '../dev/demo-secret';
import { RUN_PAYLOAD } from './run-import-event';

const PROJECT_ROOT = path.resolve(import.meta.dirname, '..');
/** How long the server may take to answer `/health` before the benchmark gives up on it. */
const READY_TIMEOUT_MS = 30_000;
const POLL_INTERVAL_MS = 100;
/** A short load first, so that the measured seconds see compiled code, not the first requests' JIT. */
const WARM_UP_SECONDS = 1;

interface LoadPlan {
  readonly connections: number;
  readonly durationSeconds: number;
}

interface LoadMeasurement {
  readonly rps: number;
  readonly p99Ms: number;
  /** Connection errors and timeouts, plus every answer that was not 2xx: each request was valid. */
  readonly errors: number;
  readonly requests: number;
}

/** A port nobody listens on right now, for the server to take. */
const freePort = async (): Promise<number> => {
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as { port: number };
  probe.close();
  await once(probe, 'close');
  return port;
};

const stop = async (server: ChildProcess): Promise<void> => {
  if (server.exitCode !== null) return;
  const exited = once(server, 'exit');
  server.kill();
  await exited;
};

/** Asks `GET /health` until the server answers 200, or gives up after {@link READY_TIMEOUT_MS}. */
const waitUntilHealthy = async (port: number, server: ChildProcess, errors: () => string): Promise<void> => {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`The local server exited (${server.exitCode}):\n${errors()}`);
    const healthy = await fetch(`http://127.0.0.1:${port}/health`)
      .then((response) => response.ok)
      .catch(() => false);
    if (healthy) return;
    await sleep(POLL_INTERVAL_MS);
  }
  throw new Error(`The local server did not start within ${READY_TIMEOUT_MS} ms:\n${errors()}`);
};

/**
 * Starts `npm start`'s server (dev/start.ts, with its embedded Which50 sandbox and demo secret) in
 * its own process, as a user would. Its log lines go to /dev/null: a pipe the load generator
 * (busy in this process) drained late would block the server's synchronous writes and measure
 * the pipe, not the server.
 */
const startLocalServerProcess = async (port: number): Promise<ChildProcess> => {
  const { SECRET_ID: _secretId, LOCAL_SECRET_FILE: _secretFile, ...env } = process.env;
  const server = spawn(process.execPath, ['--import', 'tsx', 'dev/start.ts'], {
    cwd: PROJECT_ROOT,
    env: { ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let errors = '';
  server.stderr?.on('data', (chunk: Buffer) => {
    if (errors.length < 10_000) errors += chunk.toString();
  });
  try {
    await waitUntilHealthy(port, server, () => errors);
  } catch (error) {
    await stop(server);
    throw error;
  }
  return server;
};

/**
 * Puts the local server under a bounded load: `connections` concurrent clients sending valid run
 * requests (the demo list and job, the demo API key) for `durationSeconds`, after a one-second
 * warm-up that is not counted.
 */
const measureLocalServer = async ({ connections, durationSeconds }: LoadPlan): Promise<LoadMeasurement> => {
  const port = await freePort();
  const server = await startLocalServerProcess(port);
  const load = (seconds: number) =>
    autocannon({
      url: `http://127.0.0.1:${port}/imports/run`,
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': DEMO_API_KEY },
      body: JSON.stringify(RUN_PAYLOAD),
      connections,
      duration: seconds,
      timeout: 10,
    });
  try {
    await load(WARM_UP_SECONDS);
    const result = await load(durationSeconds);
    return {
      rps: Math.round(result.requests.total / result.duration),
      p99Ms: result.latency.p99,
      errors: result.errors + result.non2xx,
      requests: result.requests.total,
    };
  } finally {
    await stop(server);
  }
};

export { type LoadMeasurement, type LoadPlan, measureLocalServer };
