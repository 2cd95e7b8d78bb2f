import { buildAdapter } from './adapter';
import { readConfig } from './config';
import { createHandler } from './create-handler';
import { misconfigured } from './http/problem';
import { secretsManagerSource } from './secrets/secrets-manager-source';

/**
 * The deployed function's entry: settings from the environment, the secret from Secrets Manager.
 * Everything is built here, once per execution environment, and reused by warm invocations.
 */
const handler = createHandler(() => {
  const config = readConfig(process.env);
  if (config.secretId === undefined) throw misconfigured('Environment variable SECRET_ID is not set.');
  const loadSecret = secretsManagerSource(config.secretId, {
    maxAgeSeconds: config.secretCacheSeconds,
    allowHttpUpstream: config.allowHttpUpstream,
  });
  return buildAdapter(config, loadSecret);
});

export { handler };
