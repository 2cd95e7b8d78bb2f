import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import type { SecretsGetOptions } from '@aws-lambda-powertools/parameters/secrets/types';
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
 * Bounds on one Secrets Manager call, so that a hanging endpoint cannot hold a request past API
 * Gateway's 29 s: two attempts of at most 3 s each.
 */
const SDK_CLIENT_CONFIG = {
  maxAttempts: 2,
  requestHandler: { connectionTimeout: 1_000, requestTimeout: 3_000 },
};

/** Reports each real call to Secrets Manager: Powertools calls `_get` only when its cache has no fresh value. */
class FetchReportingProvider extends SecretsProvider {
  readonly #onFetch: () => void;

  constructor(onFetch: () => void) {
    super({ clientConfig: SDK_CLIENT_CONFIG });
    this.#onFetch = onFetch;
  }

  protected override _get(
    name: string,
    options?: NonNullable<SecretsGetOptions>,
  ): Promise<string | Uint8Array | undefined> {
    this.#onFetch();
    return super._get(name, options);
  }
}

/**
 * The deployed secret source: Powertools Parameters keeps the raw value for `maxAgeSeconds` across
 * warm invocations, and the last parse is kept beside it so a warm request neither fetches nor
 * re-validates. Concurrent requests share one fetch in flight instead of each making their own. A
 * failed fetch is not cached, so the next request tries again. `onFetch` is told of every fetch
 * (a cache miss), for the metrics.
 */
const secretsManagerSource = (
  secretId: string,
  options: { maxAgeSeconds: number; allowHttpUpstream: boolean; onFetch?: () => void },
): SecretSource => {
  const provider = new FetchReportingProvider(options.onFetch ?? (() => {}));
  let last: { text: string; secret: AdapterSecret } | undefined;
  const inFlight = new Map<boolean, Promise<AdapterSecret>>();

  const load = async (fresh: boolean): Promise<AdapterSecret> => {
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

  return ({ fresh = false } = {}) => {
    const pending = inFlight.get(fresh);
    if (pending !== undefined) return pending;
    const loading = load(fresh).finally(() => inFlight.delete(fresh));
    inFlight.set(fresh, loading);
    return loading;
  };
};

export { secretsManagerSource };
