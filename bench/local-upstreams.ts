import type { IncomingMessage } from 'node:http';
import { DEMO_API_KEY, demoSecret } from '../dev/demo-secret';
import { type SecretsManagerEndpoint, startSecretsManagerEndpoint } from '../dev/secrets-manager-endpoint';
import { startWhich50Sandbox, type Which50Sandbox } from '../dev/which50-sandbox';
import { STATIC_ENVIRONMENT } from '../infra/constructs/import-function';
import { type LocalDynamoDb, startLocalDynamoDb } from '../test/support/local-dynamodb';
import { type LocalLambdaEndpoint, startLocalLambdaEndpoint } from './local-lambda-endpoint';

/** What the local servers have served so far. */
interface ServedCounts {
  readonly secretFetches: number;
  readonly upstreamConnections: number;
}

interface LocalUpstreams {
  /** The environment every bundle runs with: the deployed function's, pointed at the local servers. */
  readonly env: Readonly<Record<string, string>>;
  /** The same, with a secret whose upstream answers XML whatever the request accepts. */
  readonly xmlEnv: Readonly<Record<string, string>>;
  /** Async runs started on the local Lambda endpoint so far. */
  readonly asyncStarts: () => number;
  /** The inbound API key the secret accepts. */
  readonly apiKey: string;
  counts(): ServedCounts;
  close(): Promise<void>;
}

const SECRET_NAME = 'which50-import-webhook-bench';
const XML_SECRET_NAME = 'which50-import-webhook-bench-xml';
const REGION = 'us-east-1';

/**
 * Which50 may answer XML to a client that asked for JSON (which50-api.md): this sandbox always
 * does, so that the XML path of the adapter can be timed beside the JSON one.
 */
const answeringXml = async (): Promise<Which50Sandbox> => {
  const sandbox = await startWhich50Sandbox({ maxLoggedRequests: 100 });
  sandbox.intercept((req: IncomingMessage) => {
    req.headers.accept = 'application/xml';
    return false;
  });
  return sandbox;
};

/**
 * Starts the Which50 sandboxes (one answering JSON, one XML), the Secrets Manager endpoint and a
 * DynamoDB-protocol server with the idempotency and runs tables, and a Lambda Invoke endpoint that
 * queues async runs, in this process, stores the demo secrets,
 * and hands back the environments a bundle needs to use them. The environment is the deployed
 * one (log level, timeouts, `NODE_OPTIONS` included) plus dummy credentials; the idempotency
 * table is the local one, though no benchmarked request carries a key.
 */
const startLocalUpstreams = async (): Promise<LocalUpstreams> => {
  const sandbox = await startWhich50Sandbox({ maxLoggedRequests: 100 });
  const xmlSandbox = await answeringXml();
  const secretsManager: SecretsManagerEndpoint = await startSecretsManagerEndpoint();
  const dynamoDb: LocalDynamoDb = await startLocalDynamoDb();
  const lambda: LocalLambdaEndpoint = await startLocalLambdaEndpoint();
  const secretArn = secretsManager.putSecret(SECRET_NAME, JSON.stringify(demoSecret(sandbox.baseUrl)));
  const xmlSecretArn = secretsManager.putSecret(XML_SECRET_NAME, JSON.stringify(demoSecret(xmlSandbox.baseUrl)));
  const env = {
    ...STATIC_ENVIRONMENT,
    SECRET_ID: secretArn,
    IDEMPOTENCY_TABLE_NAME: dynamoDb.tableName,
    RUNS_TABLE_NAME: dynamoDb.runsTableName,
    RUNS_FUNCTION_ARN: `arn:aws:lambda:${REGION}:123456789012:function:which50-import-webhook-runs:live`,
    AWS_ENDPOINT_URL_LAMBDA: lambda.url,
    AWS_REGION: REGION,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: secretsManager.url,
    AWS_ENDPOINT_URL_DYNAMODB: dynamoDb.url,
    AWS_ACCESS_KEY_ID: 'AKIDBENCHMARK',
    AWS_SECRET_ACCESS_KEY: 'benchmark-secret-access-key',
    AWS_EC2_METADATA_DISABLED: 'true',
    ALLOW_HTTP_UPSTREAM: 'true',
  };
  return {
    env,
    xmlEnv: { ...env, SECRET_ID: xmlSecretArn },
    apiKey: DEMO_API_KEY,
    asyncStarts: () => lambda.invocations,
    counts: () => ({
      secretFetches: secretsManager.fetches,
      upstreamConnections: sandbox.connections + xmlSandbox.connections,
    }),
    close: async () => {
      await Promise.all([
        sandbox.close(),
        xmlSandbox.close(),
        secretsManager.close(),
        dynamoDb.close(),
        lambda.close(),
      ]);
    },
  };
};

export { type LocalUpstreams, type ServedCounts, startLocalUpstreams };
