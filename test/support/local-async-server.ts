import { demoSecret } from '../../dev/demo-secret';
import { createLocalHandler, type LocalHandler } from '../../dev/local-handler';
import { type LocalServer, startLocalServer } from '../../dev/local-server';
import { startWhich50Sandbox, type Which50Sandbox } from '../../dev/which50-sandbox';
import { parseAdapterSecret } from '../../lambda/secrets/adapter-secret';
import { registerSecretDocument } from './secret-registry';

/**
 * The local server as `npm start` composes it without `SECRET_ID` (the demo secret, an embedded
 * sandbox whose jobs finish `finishAfterMs` after their run, async runs on the in-process durable
 * runner with real time), in the test's own process so that the test can count what reached the
 * sandbox and wait for the runner to be idle.
 */
interface LocalAsyncServer {
  readonly url: string;
  readonly sandbox: Which50Sandbox;
  readonly local: LocalHandler;
  request(path: string, init?: RequestInit): Promise<Response>;
  /** Resolves once every execution started so far has ended. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

const startLocalAsyncServer = async (
  options: { finishAfterMs?: number; concurrency?: number; maxLoggedRequests?: number } = {},
): Promise<LocalAsyncServer> => {
  const sandbox = await startWhich50Sandbox({
    finishAfterMs: options.finishAfterMs ?? 0,
    maxLoggedRequests: options.maxLoggedRequests,
  });
  const document = demoSecret(sandbox.baseUrl, sandbox.auth);
  registerSecretDocument(document);
  const secret = parseAdapterSecret(JSON.stringify(document), { allowHttpUpstream: true });
  const local = createLocalHandler(() => async () => secret, {
    concurrency: options.concurrency,
    env: { ALLOW_HTTP_CALLBACK: 'true', ALLOW_HTTP_UPSTREAM: 'true' },
  });
  const server: LocalServer = await startLocalServer(local.handler, { port: 0 });
  return {
    url: server.url,
    sandbox,
    local,
    request: (path, init) => fetch(`${server.url}${path}`, init),
    idle: async () => (await local.asyncRuns())?.runner.idle(),
    close: async () => {
      await server.close();
      await local.close();
      await sandbox.close();
    },
  };
};

export { type LocalAsyncServer, startLocalAsyncServer };
