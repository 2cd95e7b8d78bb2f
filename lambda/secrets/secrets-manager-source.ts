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

/**
 * Reports each real call to Secrets Manager (Powertools calls `_get` only when its cache has no
 * fresh value) and remembers when the last successful one started: Powertools keeps a fetched
 * value for `maxAge` from the end of its fetch, so until `maxAge` from its start, the cache is
 * certainly fresh. A failed fetch caches nothing, and so changes nothing here.
 */
class FetchReportingProvider extends SecretsProvider {
  readonly #onFetch: () => void;
  lastFetchStartedAt = Number.NEGATIVE_INFINITY;

  constructor(onFetch: () => void) {
    super({ clientConfig: SDK_CLIENT_CONFIG });
    this.#onFetch = onFetch;
  }

  protected override async _get(
    name: string,
    options?: NonNullable<SecretsGetOptions>,
  ): Promise<string | Uint8Array | undefined> {
    const startedAt = Date.now();
    this.#onFetch();
    const value = await super._get(name, options);
    this.lastFetchStartedAt = startedAt;
    return value;
  }
}

/**
 * The deployed secret source: Powertools Parameters keeps the raw value for `maxAgeSeconds` across
 * warm invocations, and the last parse is kept beside it so a warm request neither fetches nor
 * re-validates; while the cached value is certainly fresh, the request does not even ask
 * Powertools. Concurrent requests share one fetch in flight instead of each making their own. A
 * failed fetch is not cached, so the next request tries again. `onFetch` is told of every fetch
 * (a cache miss), for the metrics.
 */
const secretsManagerSource = (
  secretId: string,
  options: { maxAgeSeconds: number; allowHttpUpstream: boolean; onFetch?: () => void },
): SecretSource => {
  const provider = new FetchReportingProvider(options.onFetch ?? (() => {}));
  const maxAgeMs = options.maxAgeSeconds * 1_000;
  let last: { text: string; secret: AdapterSecret; loaded: Promise<AdapterSecret> } | undefined;
  const inFlight = new Map<boolean, Promise<AdapterSecret>>();

  const load = async (fresh: boolean): Promise<AdapterSecret> => {
    let text: unknown;
    try {
      text = await provider.get(secretId, { maxAge: options.maxAgeSeconds, forceFetch: fresh });
    } catch (error) {
      throw secretUnavailable(error);
    }
    if (typeof text !== 'string') throw misconfigured('The secret must be stored as a JSON string, not binary.');
    if (last?.text !== text) {
      const secret = parseAdapterSecret(text, options);
      last = { text, secret, loaded: Promise.resolve(secret) };
    }
    return last.secret;
  };

  return ({ fresh = false } = {}) => {
    if (!fresh && last !== undefined && Date.now() - provider.lastFetchStartedAt < maxAgeMs) return last.loaded;
    const pending = inFlight.get(fresh);
    if (pending !== undefined) return pending;
    const loading = load(fresh).finally(() => inFlight.delete(fresh));
    inFlight.set(fresh, loading);
    return loading;
  };
};

export { secretsManagerSource };
