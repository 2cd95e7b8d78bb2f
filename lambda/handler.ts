import { buildAdapter } from './adapter';
import { readConfig } from './config';
import { createHandler } from './create-handler';
import { misconfigured } from './http/problem';
import { dynamoDbPersistence, memoryPersistence } from './idempotency/persistence-stores';
import { writeLogLine } from './observability/logger';
import { countSecretFetch, countStaleSecret } from './observability/write-outcome';
import { secretsManagerSource } from './secrets/secrets-manager-source';
import type { Which50Client } from './which50/client';

/**
 * Tracing is opt-in (the stack sets `POWERTOOLS_TRACE_ENABLED=true` only with its `tracing`
 * context key): the tracer and the X-Ray SDK are large and slow to load, so they are loaded, at
 * init, only then, and wrap the Which50 client's calls in trace segments. A tracer that fails to
 * load leaves the function untraced, not broken.
 */
const traceClient: ((client: Which50Client) => Which50Client) | undefined =
  process.env.POWERTOOLS_TRACE_ENABLED === 'true'
    ? await import('./observability/xray-upstream-trace').then(
        (tracing) => tracing.traceWhich50Client,
        (error: unknown) =>
          writeLogLine('warn', 'Tracer not loaded: untraced', { errorName: (error as Error)?.name }).then(
            () => undefined,
          ),
      )
    : undefined;

/**
 * The deployed function's entry: settings from the environment, the secret from Secrets Manager,
 * idempotency records in the DynamoDB table named by `IDEMPOTENCY_TABLE_NAME` (in memory without
 * one); each real secret fetch is counted in the metrics. Everything is built here, once per
 * execution environment, and reused by warm invocations; the DynamoDB client is made on the first
 * run that carries an idempotency key.
 */
const handler = createHandler(() => {
  const config = readConfig(process.env);
  if (config.secretId === undefined) throw misconfigured('Environment variable SECRET_ID is not set.');
  const loadSecret = secretsManagerSource(config.secretId, {
    maxAgeSeconds: config.secretCacheSeconds,
    staleSeconds: config.secretStaleSeconds,
    allowHttpUpstream: config.allowHttpUpstream,
    onFetch: countSecretFetch,
    onStale: countStaleSecret,
  });
  const idempotencyStore =
    config.idempotencyTableName === undefined ? memoryPersistence() : dynamoDbPersistence(config.idempotencyTableName);
  const adapter = buildAdapter(config, loadSecret, idempotencyStore);
  return traceClient === undefined ? adapter : { ...adapter, which50: traceClient(adapter.which50) };
});

export { handler };
