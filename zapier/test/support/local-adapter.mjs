import { vi } from 'vitest';
import { startLocalServer } from '../../../dev/local-server.ts';
import { startSecretsManagerEndpoint } from '../../../dev/secrets-manager-endpoint.ts';
import { DEFAULT_SANDBOX_AUTH, startWhich50Sandbox } from '../../../dev/which50-sandbox.ts';

const SECRET_NAME = 'which50-import-webhook/zapier-test';

/** Sets variables for the adapter, returning how to put back what was there before. */
const setEnvironment = (variables) => {
  const before = Object.fromEntries(Object.keys(variables).map((name) => [name, process.env[name]]));
  Object.assign(process.env, variables);
  return () => {
    for (const [name, value] of Object.entries(before)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
};

/** The adapter's secret for a sandbox: its address and credential upstream, `inbound` as given. */
const secretFor = (sandbox, inbound, outbound) => ({
  which50: { baseUrl: sandbox.baseUrl, auth: DEFAULT_SANDBOX_AUTH },
  inbound,
  ...(outbound === undefined ? {} : { outbound }),
});

/**
 * A real adapter as a Zap reaches it: the deployed composition (loaded fresh with its own
 * environment) served over HTTP on loopback by the local server, the Which50 sandbox as its
 * upstream and the real Secrets Manager client reading a local endpoint; async runs run as
 * `npm start` runs them, on the durable SDK's local runner in-process, with real callbacks.
 * `inbound` is the secret's inbound part, or a whole secret document (a string) for a broken one.
 */
const startLocalAdapter = async ({ inbound, outbound, rawSecret, env = {} } = {}) => {
  const sandbox = await startWhich50Sandbox();
  const secrets = await startSecretsManagerEndpoint();
  secrets.putSecret(SECRET_NAME, rawSecret ?? JSON.stringify(secretFor(sandbox, inbound, outbound)));
  const restoreEnvironment = setEnvironment({
    SECRET_ID: SECRET_NAME,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url,
    ALLOW_HTTP_UPSTREAM: 'true',
    ALLOW_HTTP_CALLBACK: 'true',
    ...env,
  });
  vi.resetModules();
  const [{ createLocalHandler }, { secretsManagerSource }] = await Promise.all([
    import('../../../dev/local-handler.ts'),
    import('../../../lambda/secrets/secrets-manager-source.ts'),
  ]);
  const local = createLocalHandler((config) =>
    secretsManagerSource(SECRET_NAME, {
      maxAgeSeconds: config.secretCacheSeconds,
      allowHttpUpstream: config.allowHttpUpstream,
    }),
  );
  const server = await startLocalServer(local.handler, { port: 0 });
  return {
    url: server.url,
    sandbox,
    close: async () => {
      await server.close();
      await local.close();
      await Promise.all([sandbox.close(), secrets.close()]);
      restoreEnvironment();
    },
  };
};

export { startLocalAdapter };
