import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import path from 'node:path';
import autocannon from 'autocannon';
import { DEMO_API_KEY } from '../dev/demo-secret';
import { RUN_PAYLOAD } from './run-import-event';

const PROJECT_ROOT = path.resolve(import.meta.dirname, '..');
/** How long the server may take to say it listens before the benchmark gives up on it. */
const READY_TIMEOUT_MS = 30_000;

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

/**
 * Starts `npm start`'s server (dev/start.ts, with its embedded Which50 sandbox and demo secret) in
 * its own process, as a user would, and resolves once it says it listens. Its log lines are read
 * and dropped, so that a full pipe never slows it down.
 */
const startLocalServerProcess = async (port: number): Promise<ChildProcess> => {
  const { SECRET_ID: _secretId, LOCAL_SECRET_FILE: _secretFile, ...env } = process.env;
  const server = spawn(process.execPath, ['--import', 'tsx', 'dev/start.ts'], {
    cwd: PROJECT_ROOT,
    env: { ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The local server did not start:\n${output}`)), READY_TIMEOUT_MS);
    server.stdout?.on('data', (chunk: Buffer) => {
      if (output.length < 10_000) output += chunk.toString();
      if (output.includes('listening on')) {
        clearTimeout(timer);
        resolve();
      }
    });
    server.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    server.once('exit', (code) => reject(new Error(`The local server exited (${code}):\n${output}`)));
  });
  await ready;
  return server;
};

const stop = async (server: ChildProcess): Promise<void> => {
  if (server.exitCode !== null) return;
  const exited = once(server, 'exit');
  server.kill();
  await exited;
};

/**
 * Puts the local server under a bounded load: `connections` concurrent clients sending valid run
 * requests (the demo list and job, the demo API key) for `durationSeconds`.
 */
const measureLocalServer = async ({ connections, durationSeconds }: LoadPlan): Promise<LoadMeasurement> => {
  const port = await freePort();
  const server = await startLocalServerProcess(port);
  try {
    const result = await autocannon({
      url: `http://127.0.0.1:${port}/imports/run`,
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': DEMO_API_KEY },
      body: JSON.stringify(RUN_PAYLOAD),
      connections,
      duration: durationSeconds,
      timeout: 10,
    });
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
