import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import type { AdapterConfig } from '../../lambda/config';
import { isProblem, type Problem } from '../../lambda/http/problem';
import type { RunImportCommand } from '../../lambda/payload/run-import-command';
import type { AdapterSecret } from '../../lambda/secrets/adapter-secret';
import { type InboundCredentials, readInboundCredentials } from '../../lambda/secrets/inbound-credentials';
import { type OutboundSettings, readOutboundSettings } from '../../lambda/secrets/outbound-settings';
import { registerSecretDocument } from './secret-registry';

/** The API key every factory-made secret lets in, unless a test says otherwise. */
const AN_API_KEY = 'test-api-key-7f3a9c';

/** The upstream address every factory-made secret points at, unless a test says otherwise. */
const A_BASE_URL = 'https://app.which50.com/Which50API';

/** The key every factory-made secret signs callbacks with: `whsec_` and the base64 of 32 bytes. */
const A_CALLBACK_SIGNING_SECRET = `whsec_${Buffer.from('test-callback-signing-key-32byte').toString('base64')}`;

/** A `bearer` upstream credential, the scheme most secrets use. */
const aBearerAuth = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  scheme: 'bearer',
  token: 'test-upstream-token',
  ...overrides,
});

/** A `basic` upstream credential (username and password). */
const aBasicAuth = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  scheme: 'basic',
  username: 'test-user',
  password: 'test-password',
  ...overrides,
});

/** A `header` upstream credential: one named header carrying a value. */
const aHeaderAuth = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  scheme: 'header',
  name: 'X-Which50-Key',
  value: 'test-header-value',
  ...overrides,
});

/**
 * What a test may change in the secret's document. A member set to `undefined` is left out of the
 * JSON altogether, which is how a test writes a secret that lacks a field.
 */
interface SecretDocumentOverrides {
  readonly baseUrl?: unknown;
  readonly auth?: unknown;
  readonly inbound?: unknown;
  /** The `outbound` part; left out of the document unless a test gives one. */
  readonly outbound?: unknown;
}

/** The secret as an operator stores it (before JSON encoding): valid unless a test says otherwise. */
const aSecretDocument = (overrides: SecretDocumentOverrides = {}): Record<string, unknown> => {
  const { baseUrl, auth, inbound } = {
    baseUrl: A_BASE_URL,
    auth: aBearerAuth(),
    inbound: { apiKeys: [AN_API_KEY] },
    ...overrides,
  };
  const document = {
    which50: { baseUrl, auth },
    inbound,
    ...(overrides.outbound !== undefined && { outbound: overrides.outbound }),
  };
  registerSecretDocument(document);
  return document;
};

/** The secret's JSON text, as Secrets Manager or the local file hands it over. */
const aSecretJson = (overrides: SecretDocumentOverrides = {}): string => JSON.stringify(aSecretDocument(overrides));

/**
 * The secret's `inbound` part as the real parser reads it from what an operator would write
 * (`{"apiKeys": [...], "standardWebhooksSecret": ..., ...}`); a test that writes a broken one
 * fails here, naming the problems.
 */
const anInbound = (raw: unknown = { apiKeys: [AN_API_KEY] }): InboundCredentials => {
  const reading = readInboundCredentials(raw);
  if (!reading.ok) throw new Error(`test inbound credentials are broken: ${reading.problems.join('; ')}`);
  return reading.credentials;
};

/**
 * The secret's `outbound` part as the real parser reads it (signed with
 * {@link A_CALLBACK_SIGNING_SECRET}, any host unless a test lists some); a broken one fails here.
 */
const anOutbound = (raw: Record<string, unknown> = {}): OutboundSettings => {
  const reading = readOutboundSettings({ callbackSigningSecret: A_CALLBACK_SIGNING_SECRET, ...raw });
  if (!reading.ok) throw new Error(`test outbound settings are broken: ${reading.problems.join('; ')}`);
  return reading.settings as OutboundSettings;
};

/** A secret already parsed, for code that receives one from a secret source; it can sign callbacks. */
const anAdapterSecret = (overrides: Partial<AdapterSecret> = {}): AdapterSecret => {
  const secret: AdapterSecret = {
    which50: { baseUrl: new URL(A_BASE_URL), auth: { scheme: 'bearer', token: 'test-upstream-token' } },
    inbound: anInbound(),
    outbound: anOutbound(),
    ...overrides,
  };
  registerSecretDocument(secret);
  return secret;
};

/** The settings the adapter reads from an empty environment, with a test's changes. */
const anAdapterConfig = (overrides: Partial<AdapterConfig> = {}): AdapterConfig => ({
  secretId: undefined,
  secretCacheSeconds: 300,
  upstreamTimeoutMs: 10_000,
  upstreamDeadlineMs: 25_000,
  allowHttpUpstream: false,
  webhookToleranceSeconds: 300,
  idempotencyTableName: undefined,
  idempotencyTtlSeconds: 86_400,
  circuitBreaker: { threshold: 5, openMs: 30_000 },
  secretStaleSeconds: 3_600,
  allowHttpCallback: false,
  followMaxHours: 24,
  runsTableName: undefined,
  runsFunctionArn: undefined,
  callbackDeadLetterQueueUrl: undefined,
  ...overrides,
});

/** A run command for import job 2 of contact list 1, with no custom events unless a test adds some. */
const aRunCommand = (overrides: Partial<RunImportCommand> = {}): RunImportCommand => ({
  contactListId: 1,
  importJobId: 2,
  customEvents: [],
  ...overrides,
});

/**
 * An API Gateway REST proxy event for `GET /health` as API Gateway sends it (request context,
 * empty multi-value maps), with a test's changes laid over it.
 */
const anApiGatewayEvent = (overrides: Partial<APIGatewayProxyEvent> = {}): APIGatewayProxyEvent => ({
  resource: '/health',
  path: '/health',
  httpMethod: 'GET',
  headers: {},
  multiValueHeaders: {},
  queryStringParameters: null,
  multiValueQueryStringParameters: null,
  pathParameters: null,
  stageVariables: null,
  body: null,
  isBase64Encoded: false,
  requestContext: {
    accountId: '123456789012',
    apiId: 'test-api',
    authorizer: null,
    protocol: 'HTTP/1.1',
    httpMethod: overrides.httpMethod ?? 'GET',
    identity: {
      accessKey: null,
      accountId: null,
      apiKey: null,
      apiKeyId: null,
      caller: null,
      clientCert: null,
      cognitoAuthenticationProvider: null,
      cognitoAuthenticationType: null,
      cognitoIdentityId: null,
      cognitoIdentityPoolId: null,
      principalOrgId: null,
      sourceIp: '203.0.113.7',
      user: null,
      userAgent: 'test-agent',
      userArn: null,
    },
    path: `/prod${overrides.path ?? '/health'}`,
    stage: 'prod',
    requestId: 'test-request-id-0001',
    requestTimeEpoch: 1_735_322_533_000,
    resourceId: 'test-resource',
    resourcePath: overrides.resource ?? '/health',
  },
  ...overrides,
});

/** A Lambda context with `remainingMs` left before the platform ends the invocation. */
const aLambdaContext = (remainingMs = 28_000): Pick<Context, 'getRemainingTimeInMillis'> => ({
  getRemainingTimeInMillis: () => remainingMs,
});

/**
 * The {@link Problem} that `act` throws, so a test can look at its status, detail and headers.
 * Anything else (no throw, or a plain error) fails the test here, with what happened instead.
 */
const problemThrownBy = (act: () => unknown): Problem => {
  try {
    act();
  } catch (error) {
    if (isProblem(error)) return error;
    throw new Error(`expected a Problem, got ${String(error)}`);
  }
  throw new Error('expected a Problem, got no throw');
};

/** Like {@link problemThrownBy}, for code that fails by rejecting. */
const problemRejectedBy = async (act: () => Promise<unknown>): Promise<Problem> => {
  try {
    await act();
  } catch (error) {
    if (isProblem(error)) return error;
    throw new Error(`expected a Problem, got ${String(error)}`);
  }
  throw new Error('expected a Problem, got a fulfilled promise');
};

export {
  A_BASE_URL,
  A_CALLBACK_SIGNING_SECRET,
  AN_API_KEY,
  aBasicAuth,
  aBearerAuth,
  aHeaderAuth,
  aLambdaContext,
  anAdapterConfig,
  anAdapterSecret,
  anApiGatewayEvent,
  anInbound,
  anOutbound,
  aRunCommand,
  aSecretDocument,
  aSecretJson,
  problemRejectedBy,
  problemThrownBy,
  type SecretDocumentOverrides,
};
