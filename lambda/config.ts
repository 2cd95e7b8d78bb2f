import { misconfigured } from './http/problem';
import type { CircuitBreakerOptions } from './which50/circuit-breaker';

/** The adapter's settings, read once from the environment at init. */
interface AdapterConfig {
  readonly secretId: string | undefined;
  readonly secretCacheSeconds: number;
  readonly upstreamTimeoutMs: number;
  readonly upstreamDeadlineMs: number;
  readonly allowHttpUpstream: boolean;
  readonly webhookToleranceSeconds: number;
  readonly idempotencyTableName: string | undefined;
  readonly idempotencyTtlSeconds: number;
  /** `CIRCUIT_BREAKER_THRESHOLD` unavailable calls in a row open it for `CIRCUIT_BREAKER_OPEN_SECONDS`. */
  readonly circuitBreaker: CircuitBreakerOptions;
  /** How long past its cache period the last good secret may serve while Secrets Manager fails (0: never). */
  readonly secretStaleSeconds: number;
  /** `ALLOW_HTTP_CALLBACK=true` (local use only) also allows `http:` and loopback callback URLs. */
  readonly allowHttpCallback: boolean;
  /** How long an async run follows its job before it reports `import.timed-out`. */
  readonly followMaxHours: number;
  /** The DynamoDB table of async runs (`RUNS_TABLE_NAME`); unset: kept in memory. */
  readonly runsTableName: string | undefined;
  /** The durable function's alias ARN the API function starts runs on (`RUNS_FUNCTION_ARN`). */
  readonly runsFunctionArn: string | undefined;
  /** The SQS queue given-up callbacks land in (`CALLBACK_DEAD_LETTER_QUEUE_URL`). */
  readonly callbackDeadLetterQueueUrl: string | undefined;
}

type Environment = Readonly<Record<string, string | undefined>>;

const DEFAULTS = {
  secretCacheSeconds: 300,
  upstreamTimeoutMs: 10_000,
  upstreamDeadlineMs: 25_000,
  webhookToleranceSeconds: 300,
  idempotencyTtlSeconds: 86_400,
  circuitBreakerThreshold: 5,
  circuitBreakerOpenSeconds: 30,
  secretStaleSeconds: 3_600,
  followMaxHours: 24,
} as const;

const readWholeNumber = (env: Environment, name: string, fallback: number, min: number): number => {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || !Number.isSafeInteger(Number(raw))) {
    throw misconfigured(`Environment variable ${name} must be a whole number of at least ${min}.`);
  }
  return Number(raw);
};

const readFlag = (env: Environment, name: string): boolean => {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '' || raw === 'false' || raw === '0') return false;
  if (raw === 'true' || raw === '1') return true;
  throw misconfigured(`Environment variable ${name} must be true or false.`);
};

const readText = (env: Environment, name: string): string | undefined => {
  const raw = env[name]?.trim();
  return raw === '' ? undefined : raw;
};

/**
 * Turns the environment into typed settings. It throws a 500 {@link Problem} naming the variable
 * (never its value) so that a typo in a deployment is reported by every request instead of
 * silently falling back to a default.
 */
const readConfig = (env: Environment): AdapterConfig => ({
  secretId: readText(env, 'SECRET_ID'),
  secretCacheSeconds: readWholeNumber(env, 'SECRET_CACHE_SECONDS', DEFAULTS.secretCacheSeconds, 0),
  upstreamTimeoutMs: readWholeNumber(env, 'UPSTREAM_TIMEOUT_MS', DEFAULTS.upstreamTimeoutMs, 1),
  upstreamDeadlineMs: readWholeNumber(env, 'UPSTREAM_DEADLINE_MS', DEFAULTS.upstreamDeadlineMs, 1),
  allowHttpUpstream: readFlag(env, 'ALLOW_HTTP_UPSTREAM'),
  webhookToleranceSeconds: readWholeNumber(env, 'WEBHOOK_TOLERANCE_SECONDS', DEFAULTS.webhookToleranceSeconds, 1),
  idempotencyTableName: readText(env, 'IDEMPOTENCY_TABLE_NAME'),
  idempotencyTtlSeconds: readWholeNumber(env, 'IDEMPOTENCY_TTL_SECONDS', DEFAULTS.idempotencyTtlSeconds, 1),
  circuitBreaker: {
    threshold: readWholeNumber(env, 'CIRCUIT_BREAKER_THRESHOLD', DEFAULTS.circuitBreakerThreshold, 1),
    openMs: readWholeNumber(env, 'CIRCUIT_BREAKER_OPEN_SECONDS', DEFAULTS.circuitBreakerOpenSeconds, 1) * 1_000,
  },
  secretStaleSeconds: readWholeNumber(env, 'SECRET_STALE_SECONDS', DEFAULTS.secretStaleSeconds, 0),
  allowHttpCallback: readFlag(env, 'ALLOW_HTTP_CALLBACK'),
  followMaxHours: readWholeNumber(env, 'FOLLOW_MAX_HOURS', DEFAULTS.followMaxHours, 1),
  runsTableName: readText(env, 'RUNS_TABLE_NAME'),
  runsFunctionArn: readText(env, 'RUNS_FUNCTION_ARN'),
  callbackDeadLetterQueueUrl: readText(env, 'CALLBACK_DEAD_LETTER_QUEUE_URL'),
});

export { type AdapterConfig, type Environment, readConfig };
