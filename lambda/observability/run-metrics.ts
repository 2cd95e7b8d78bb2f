import type { FailureVerdict } from './failure-class';
import { type OutcomeFields, roundedMs } from './invocation-outcome';

/*
 * The names of the metrics the function emits, but the per-class failures (see `failedMetricName`);
 * the stack's dashboard and alarms use the same constants.
 */
const RUNS_REQUESTED = 'RunsRequested';
const RUNS_SUCCEEDED = 'RunsSucceeded';
const RUNS_REPLAYED = 'RunsReplayed';
const RUNS_FAILED = 'RunsFailed';
/** A request answered 503 without calling Which50, because the circuit breaker is open. */
const CIRCUIT_BREAKER_OPEN = 'CircuitBreakerOpen';
/** A stale secret was served because Secrets Manager failed after the cache period. */
const SECRET_STALE = 'SecretStale';
const UPSTREAM_FAILED = 'UpstreamFailed';
const UPSTREAM_LATENCY = 'UpstreamLatency';
const SECRET_CACHE_MISS = 'SecretCacheMiss';
/** A retry of a run whose first attempt may have reached Which50, refused because the job's status could not settle it. */
const RUN_OUTCOME_UNKNOWN = 'RunOutcomeUnknown';

type MetricUnitName = 'Count' | 'Milliseconds';

interface MetricEntry {
  readonly name: string;
  readonly unit: MetricUnitName;
  readonly value: number;
}

const count = (name: string, value = 1): MetricEntry => ({ name, unit: 'Count', value });

/** What befell the secret since the last publication: real fetches, and stale secrets served. */
interface SecretTally {
  readonly fetches: number;
  readonly stale: number;
}

/**
 * The metrics one invocation adds, from its outcome line, its upstream attempts, the secret
 * fetches (and stale secrets served) since the last publication and, for a failure, its verdict.
 * Runs (HTTP or schedule) count as requested and then as succeeded, replayed or failed by class;
 * any route that called Which50 adds the latency of each attempt, and `UpstreamFailed` when
 * Which50 is what failed; a call the open circuit breaker refused adds `CircuitBreakerOpen`.
 * Health and OpenAPI add nothing.
 */
const metricsFor = (
  fields: OutcomeFields,
  attempts: readonly { readonly ms: number }[],
  secret: SecretTally = { fetches: 0, stale: 0 },
  failure?: FailureVerdict,
): MetricEntry[] => {
  const entries: MetricEntry[] = [];
  if (fields.route === 'runImport' || fields.route === 'scheduledRun') {
    entries.push(count(RUNS_REQUESTED));
    if (failure !== undefined) entries.push(count(RUNS_FAILED), count(failure.failedMetric));
    else entries.push(count(fields.outcome === 'replayed' ? RUNS_REPLAYED : RUNS_SUCCEEDED));
  }
  if (failure?.upstreamFailed) entries.push(count(UPSTREAM_FAILED));
  if (failure?.idempotency === 'outcome-unknown') entries.push(count(RUN_OUTCOME_UNKNOWN));
  if (fields.circuit === 'open') entries.push(count(CIRCUIT_BREAKER_OPEN));
  for (const { ms } of attempts) {
    entries.push({ name: UPSTREAM_LATENCY, unit: 'Milliseconds', value: roundedMs(ms) });
  }
  if (secret.fetches > 0) entries.push(count(SECRET_CACHE_MISS, secret.fetches));
  if (secret.stale > 0) entries.push(count(SECRET_STALE, secret.stale));
  return entries;
};

export {
  CIRCUIT_BREAKER_OPEN,
  type MetricEntry,
  type MetricUnitName,
  metricsFor,
  RUN_OUTCOME_UNKNOWN,
  RUNS_FAILED,
  RUNS_REPLAYED,
  RUNS_REQUESTED,
  RUNS_SUCCEEDED,
  SECRET_CACHE_MISS,
  SECRET_STALE,
  type SecretTally,
  UPSTREAM_FAILED,
  UPSTREAM_LATENCY,
};
