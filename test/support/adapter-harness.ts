import type { Context } from 'aws-lambda';
import { vi } from 'vitest';
import { DEMO_API_KEY, demoSecret } from '../../dev/demo-secret';
import { type LocalServer, startLocalServer } from '../../dev/local-server';
import { type SecretsManagerEndpoint, startSecretsManagerEndpoint } from '../../dev/secrets-manager-endpoint';
import { startWhich50Sandbox, type Which50Sandbox } from '../../dev/which50-sandbox';
import { type LocalDynamoDb, startLocalDynamoDb } from './local-dynamodb';
import { registerSecretDocument } from './secret-registry';

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
  /** The local DynamoDB holding idempotency records, when the harness was asked for one. */
  readonly dynamoDb: LocalDynamoDb | undefined;
  /** The deployed entry itself, for invocations that are not HTTP (schedules). */
  readonly handler: (event: unknown, context: Context) => Promise<unknown>;
  /** Stores a new version of the adapter's secret. */
  putSecret(secret: unknown): void;
  /** The secret the harness started with: the sandbox's address and credential, the demo API key. */
  defaultSecret(): ReturnType<typeof demoSecret>;
  request(path: string, init?: RequestInit): Promise<Response>;
  /** Stops every server and gives the process back the environment it had before the harness. */
  close(): Promise<void>;
}

interface HarnessOptions {
  /** Extra environment for the function (UPSTREAM_TIMEOUT_MS, say). */
  readonly env?: Readonly<Record<string, string>>;
  /** The secret to start with; default: the sandbox's with the demo API key. */
  readonly secret?: (sandbox: Which50Sandbox) => unknown;
  /**
   * Keep idempotency records in a DynamoDB table on a local DynamoDB-protocol server (dynalite),
   * as deployed; default: no table, so the function keeps them in memory.
   */
  readonly idempotencyTable?: boolean;
}

/** Sets variables for the function, returning how to put back what was there before. */
const setEnvironment = (variables: Readonly<Record<string, string>>): (() => void) => {
  const before = Object.fromEntries(Object.keys(variables).map((name) => [name, process.env[name]]));
  Object.assign(process.env, variables);
  return () => {
    for (const [name, value] of Object.entries(before)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
};

const startAdapterHarness = async (options: HarnessOptions = {}): Promise<AdapterHarness> => {
  const sandbox = await startWhich50Sandbox();
  const secrets = await startSecretsManagerEndpoint();
  const defaultSecret = () => demoSecret(sandbox.baseUrl, sandbox.auth);
  const putSecret = (secret: unknown) => {
    registerSecretDocument(secret);
    secrets.putSecret(SECRET_NAME, typeof secret === 'string' ? secret : JSON.stringify(secret));
  };
  putSecret(options.secret?.(sandbox) ?? defaultSecret());

  const dynamoDb = options.idempotencyTable ? await startLocalDynamoDb() : undefined;

  const restoreEnvironment = setEnvironment({
    SECRET_ID: SECRET_NAME,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url,
    ALLOW_HTTP_UPSTREAM: 'true',
    ...(dynamoDb && { IDEMPOTENCY_TABLE_NAME: dynamoDb.tableName, AWS_ENDPOINT_URL_DYNAMODB: dynamoDb.url }),
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
    dynamoDb,
    handler,
    putSecret,
    defaultSecret,
    request: (path, init) => fetch(`${server.url}${path}`, init),
    close: async () => {
      await server.close();
      await Promise.all([sandbox.close(), secrets.close(), dynamoDb?.close()]);
      restoreEnvironment();
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
const jsonOf = async <T = Readonly<Record<string, unknown>>>(response: Response): Promise<T> =>
  (await response.json()) as T;

export { type AdapterHarness, jsonOf, type ProblemJson, postForm, postJson, startAdapterHarness, withApiKey };
