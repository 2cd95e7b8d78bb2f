import type { Context } from 'aws-lambda';
import { vi } from 'vitest';
import { DEMO_API_KEY, demoSecret } from '../../dev/demo-secret';
import { type LocalServer, startLocalServer } from '../../dev/local-server';
import { type SecretsManagerEndpoint, startSecretsManagerEndpoint } from '../../dev/secrets-manager-endpoint';
import { startWhich50Sandbox, type Which50Sandbox } from '../../dev/which50-sandbox';

const SECRET_NAME = 'which50-import-webhook/test';

/**
 * The whole adapter as a caller meets it: the deployed entry (`lambda/handler.ts`, imported fresh
 * with its own environment) served over real HTTP by the local server, the Which50 sandbox as the
 * upstream, and the real Secrets Manager client talking to a local endpoint.
 */
interface AdapterHarness {
  readonly url: string;
  readonly sandbox: Which50Sandbox;
  readonly secrets: SecretsManagerEndpoint;
  readonly secretName: string;
  /** The deployed entry itself, for invocations that are not HTTP (schedules). */
  readonly handler: (event: unknown, context: Context) => Promise<unknown>;
  /** Stores a new version of the adapter's secret. */
  putSecret(secret: unknown): void;
  /** The secret the harness started with: the sandbox's address and credential, the demo API key. */
  defaultSecret(): ReturnType<typeof demoSecret>;
  request(path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

interface HarnessOptions {
  /** Extra environment for the function (UPSTREAM_TIMEOUT_MS, say). */
  readonly env?: Readonly<Record<string, string>>;
  /** The secret to start with; default: the sandbox's with the demo API key. */
  readonly secret?: (sandbox: Which50Sandbox) => unknown;
}

const startAdapterHarness = async (options: HarnessOptions = {}): Promise<AdapterHarness> => {
  const sandbox = await startWhich50Sandbox();
  const secrets = await startSecretsManagerEndpoint();
  const defaultSecret = () => demoSecret(sandbox.baseUrl, sandbox.auth);
  const putSecret = (secret: unknown) =>
    secrets.putSecret(SECRET_NAME, typeof secret === 'string' ? secret : JSON.stringify(secret));
  putSecret(options.secret?.(sandbox) ?? defaultSecret());

  Object.assign(process.env, {
    SECRET_ID: SECRET_NAME,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url,
    ALLOW_HTTP_UPSTREAM: 'true',
    ...options.env,
  });
  vi.resetModules();
  const { handler } = await import('../../lambda/handler');
  const server: LocalServer = await startLocalServer(handler, { port: 0 });

  return {
    url: server.url,
    sandbox,
    secrets,
    secretName: SECRET_NAME,
    handler,
    putSecret,
    defaultSecret,
    request: (path, init) => fetch(`${server.url}${path}`, init),
    close: async () => {
      await server.close();
      await Promise.all([sandbox.close(), secrets.close()]);
    },
  };
};

/** Headers of a caller that presents the demo API key, plus any others. */
const withApiKey = (headers: Record<string, string> = {}): Record<string, string> => ({
  'x-api-key': DEMO_API_KEY,
  ...headers,
});

/** A JSON POST from a caller with the demo API key. */
const postJson = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: withApiKey({ 'content-type': 'application/json', ...headers }),
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

/** A form POST (what Zapier-style tools send by default) from a caller with the demo API key. */
const postForm = (fields: string, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: withApiKey({ 'content-type': 'application/x-www-form-urlencoded', ...headers }),
  body: fields,
});

/** A problem answer's body, as a caller reads it. */
interface ProblemJson {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly requestId: string;
  readonly errors?: readonly { readonly field: string; readonly message: string }[];
  readonly [member: string]: unknown;
}

/** An answer's JSON body, for assertions on its members. */
const jsonOf = async <T = Readonly<Record<string, unknown>>>(response: Response): Promise<T> => (await response.json()) as T;

export { type AdapterHarness, jsonOf, postForm, postJson, type ProblemJson, startAdapterHarness, withApiKey };
