import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import type { SecretsGetOptions } from '@aws-lambda-powertools/parameters/secrets/types';
import { misconfigured } from '../http/problem';
import { type AdapterSecret, parseAdapterSecret } from './adapter-secret';
import type { SecretSource } from './secret-source';

/**
 * Bounds on one Secrets Manager call, so that a hanging endpoint cannot hold a request past API
 * Gateway's 29 s: two attempts of at most 3 s each. Without `throwOnRequestTimeout`, the SDK's
 * HTTP handler only logs a warning when `requestTimeout` passes, and goes on waiting.
 */
const SDK_CLIENT_CONFIG = {
  maxAttempts: 2,
  requestHandler: { connectionTimeout: 1_000, requestTimeout: 3_000, throwOnRequestTimeout: true },
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
 * failed fetch is not cached, so the next request tries again; meanwhile the last good secret is
 * served stale for up to `staleSeconds` past its cache period (see `staleSecretOrProblem`, loaded
 * on the first failure; none by default, as `check-config` wants). `onFetch` is told of every
 * fetch (a cache miss) and `onStale` of every failed fetch met with the stale secret, for the
 * metrics.
 */
const secretsManagerSource = (
  secretId: string,
  options: {
    maxAgeSeconds: number;
    staleSeconds?: number;
    allowHttpUpstream: boolean;
    onFetch?: () => void;
    onStale?: () => void;
  },
): SecretSource => {
  const provider = new FetchReportingProvider(options.onFetch ?? (() => {}));
  const maxAgeMs = options.maxAgeSeconds * 1_000;
  let last: { text: string; secret: AdapterSecret; loaded: Promise<AdapterSecret> } | undefined;
  /** Until when `last` is served without asking: its cache period, or a stale secret's recheck time. */
  let servedUntil = 0;
  const inFlight = new Map<boolean, Promise<AdapterSecret>>();

  const load = async (fresh: boolean): Promise<AdapterSecret> => {
    let text: unknown;
    try {
      text = await provider.get(secretId, { maxAge: options.maxAgeSeconds, forceFetch: fresh });
    } catch (error) {
      const { staleSecretOrProblem } = await import('./secret-fetch-failure');
      const staleUntil = provider.lastFetchStartedAt + maxAgeMs + (options.staleSeconds ?? 0) * 1_000;
      const lastGood = fresh || last === undefined ? undefined : { ...last, staleUntil };
      const stale = await staleSecretOrProblem(error, lastGood, options.onStale ?? (() => {}));
      servedUntil = stale.servedUntil;
      return stale.secret;
    }
    if (typeof text !== 'string') throw misconfigured('The secret must be stored as a JSON string, not binary.');
    if (last?.text !== text) {
      const secret = parseAdapterSecret(text, options);
      last = { text, secret, loaded: Promise.resolve(secret) };
    }
    servedUntil = provider.lastFetchStartedAt + maxAgeMs;
    return last.secret;
  };

  return ({ fresh = false } = {}) => {
    if (!fresh && last !== undefined && Date.now() < servedUntil) return last.loaded;
    const pending = inFlight.get(fresh);
    if (pending !== undefined) return pending;
    const loading = load(fresh).finally(() => inFlight.delete(fresh));
    inFlight.set(fresh, loading);
    return loading;
  };
};

export { secretsManagerSource };
