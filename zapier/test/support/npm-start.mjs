import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_SANDBOX_AUTH, startWhich50Sandbox } from '../../../dev/which50-sandbox.ts';
import { SECRET_VALUES } from './test-secrets.mjs';

const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const START_TIMEOUT_MS = 30_000;

/** A loopback port free right now: `npm start` prints the port it was given, so 0 would not tell. */
const aFreePort = async () => {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
};

/** Everything the process writes, kept for the leak check. */
const collectOutput = (child) => {
  const output = { text: '' };
  const read = (chunk) => {
    output.text += chunk;
  };
  child.stdout.on('data', read);
  child.stderr.on('data', read);
  return output;
};

/** Waits until the server answers `GET /health`, whatever it prints; fails when the process ends first. */
const waitForHealth = async (child, url, output) => {
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline && !exited) {
    const healthy = await fetch(`${url}/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (healthy) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`npm start did not answer ${url}/health${exited ? ' (it exited)' : ' in time'}:\n${output.text}`);
};

/**
 * The adapter as a person runs it locally: `npm start` from the repository root, in a process of
 * its own, with the secret from a file (`LOCAL_SECRET_FILE`) that points at a Which50 sandbox
 * started here, so the test can count what reached Which50. Whatever `npm start` serves (async
 * runs on the local durable runner included) is what the test meets. Closing it fails when the
 * process wrote any of the suite's credentials to its output.
 */
const startNpmStart = async ({ inbound, outbound }) => {
  const sandbox = await startWhich50Sandbox();
  const folder = await mkdtemp(join(tmpdir(), 'zapier-npm-start-'));
  const secretFile = join(folder, 'secret.json');
  await writeFile(
    secretFile,
    JSON.stringify({ which50: { baseUrl: sandbox.baseUrl, auth: DEFAULT_SANDBOX_AUTH }, inbound, outbound }),
    { mode: 0o600 },
  );
  const port = await aFreePort();
  const child = spawn('npm', ['start', '--silent'], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      LOCAL_SECRET_FILE: secretFile,
      ALLOW_HTTP_UPSTREAM: 'true',
      ALLOW_HTTP_CALLBACK: 'true',
      SECRET_ID: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const output = collectOutput(child);
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(child, url, output);
  } catch (error) {
    await Promise.all([sandbox.close(), rm(folder, { recursive: true, force: true })]);
    throw error;
  }
  return {
    url,
    sandbox,
    close: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        process.kill(-child.pid, 'SIGTERM');
        await exited;
      }
      await Promise.all([sandbox.close(), rm(folder, { recursive: true, force: true })]);
      const leaked = SECRET_VALUES.filter((value) => output.text.includes(value));
      if (leaked.length > 0) throw new Error(`npm start wrote ${leaked.length} credential(s) to its output`);
    },
  };
};

export { startNpmStart };
