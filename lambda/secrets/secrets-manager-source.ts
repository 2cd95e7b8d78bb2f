import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import { misconfigured, Problem } from '../http/problem';
import { type AdapterSecret, parseAdapterSecret } from './adapter-secret';
import type { SecretSource } from './secret-source';

/** AWS errors that a retry will not mend: the deployment points at the wrong secret or lacks rights. */
const CONFIGURATION_ERRORS: Readonly<Record<string, string>> = {
  ResourceNotFoundException: 'The secret named by SECRET_ID does not exist.',
  AccessDeniedException: 'The function may not read the secret named by SECRET_ID.',
  DecryptionFailure: 'The secret named by SECRET_ID cannot be decrypted with its KMS key.',
  InvalidRequestException: 'The secret named by SECRET_ID cannot be read (is it scheduled for deletion?).',
  InvalidParameterException: 'SECRET_ID is not a valid secret name or ARN.',
};

const errorName = (error: unknown): string => {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  return cause instanceof Error ? cause.name : 'UnknownError';
};

const secretUnavailable = (error: unknown): Problem => {
  const name = errorName(error);
  const configurationError = CONFIGURATION_ERRORS[name];
  if (configurationError !== undefined) return misconfigured(configurationError);
  return new Problem(
    503,
    'Secret unavailable',
    `Secrets Manager could not be read just now (${name}); retry shortly.`,
    {},
    { 'Retry-After': '1' },
  );
};

/**
 * The deployed secret source: Powertools Parameters keeps the raw value for `maxAgeSeconds` across
 * warm invocations, and the last parse is kept beside it so a warm request neither fetches nor
 * re-validates. A failed fetch is not cached, so the next request tries again.
 */
const secretsManagerSource = (
  secretId: string,
  options: { maxAgeSeconds: number; allowHttpUpstream: boolean },
): SecretSource => {
  const provider = new SecretsProvider();
  let last: { text: string; secret: AdapterSecret } | undefined;

  return async ({ fresh = false } = {}) => {
    let text: unknown;
    try {
      text = await provider.get(secretId, { maxAge: options.maxAgeSeconds, forceFetch: fresh });
    } catch (error) {
      throw secretUnavailable(error);
    }
    if (typeof text !== 'string') throw misconfigured('The secret must be stored as a JSON string, not binary.');
    if (last?.text !== text) last = { text, secret: parseAdapterSecret(text, options) };
    return last.secret;
  };
};

export { secretsManagerSource };
