import { DEMO_API_KEY, demoSecret } from '../dev/demo-secret';
import { type SecretsManagerEndpoint, startSecretsManagerEndpoint } from '../dev/secrets-manager-endpoint';
import { startWhich50Sandbox, type Which50Sandbox } from '../dev/which50-sandbox';
import { STATIC_ENVIRONMENT } from '../infra/constructs/import-function';

/** What the local servers have served so far. */
interface ServedCounts {
  readonly secretFetches: number;
  readonly upstreamConnections: number;
}

interface LocalUpstreams {
  /** The environment both bundles run with: the deployed function's, pointed at the local servers. */
  readonly env: Readonly<Record<string, string>>;
  /** The inbound API key the secret accepts. */
  readonly apiKey: string;
  counts(): ServedCounts;
  close(): Promise<void>;
}

const SECRET_NAME = 'which50-import-webhook-bench';
const REGION = 'us-east-1';

/**
 * Starts the Which50 sandbox and the Secrets Manager endpoint in this process, stores the demo
 * secret, and hands back the environment a bundle needs to use them. The environment is the
 * deployed one (log level, timeouts, `NODE_OPTIONS` included) plus dummy credentials; an
 * idempotency table is named, as when deployed, though no benchmarked request carries a key.
 */
const startLocalUpstreams = async (): Promise<LocalUpstreams> => {
  const sandbox: Which50Sandbox = await startWhich50Sandbox({ maxLoggedRequests: 100 });
  const secretsManager: SecretsManagerEndpoint = await startSecretsManagerEndpoint();
  const secretArn = secretsManager.putSecret(SECRET_NAME, JSON.stringify(demoSecret(sandbox.baseUrl)));
  return {
    env: {
      ...STATIC_ENVIRONMENT,
      SECRET_ID: secretArn,
      IDEMPOTENCY_TABLE_NAME: 'which50-idempotency-bench',
      AWS_REGION: REGION,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secretsManager.url,
      AWS_ACCESS_KEY_ID: 'AKIDBENCHMARK',
      AWS_SECRET_ACCESS_KEY: 'benchmark-secret-access-key',
      AWS_EC2_METADATA_DISABLED: 'true',
      ALLOW_HTTP_UPSTREAM: 'true',
    },
    apiKey: DEMO_API_KEY,
    counts: () => ({ secretFetches: secretsManager.fetches, upstreamConnections: sandbox.connections }),
    close: async () => {
      await Promise.all([sandbox.close(), secretsManager.close()]);
    },
  };
};

export { type LocalUpstreams, type ServedCounts, startLocalUpstreams };
