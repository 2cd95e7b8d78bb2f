import { buildAdapter } from './adapter';
import { readConfig } from './config';
import { createHandler } from './create-handler';
import { misconfigured } from './http/problem';
import { dynamoDbPersistence, memoryPersistence } from './idempotency/persistence-stores';
import { secretsManagerSource } from './secrets/secrets-manager-source';

/**
 * The deployed function's entry: settings from the environment, the secret from Secrets Manager,
 * idempotency records in the DynamoDB table named by `IDEMPOTENCY_TABLE_NAME` (in memory without
 * one). Everything is built here, once per execution environment, and reused by warm invocations;
 * the DynamoDB client is made on the first run that carries an idempotency key.
 */
const handler = createHandler(() => {
  const config = readConfig(process.env);
  if (config.secretId === undefined) throw misconfigured('Environment variable SECRET_ID is not set.');
  const loadSecret = secretsManagerSource(config.secretId, {
    maxAgeSeconds: config.secretCacheSeconds,
    allowHttpUpstream: config.allowHttpUpstream,
  });
  const idempotencyStore =
    config.idempotencyTableName === undefined ? memoryPersistence() : dynamoDbPersistence(config.idempotencyTableName);
  return buildAdapter(config, loadSecret, idempotencyStore);
});

export { handler };
