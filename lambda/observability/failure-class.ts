import type { IdempotencyOutcome, InvocationEnd, InvocationRecord } from './invocation-outcome';

/**
 * Why an invocation failed, in the terms an operator acts on:
 * - `validation`: the request itself is wrong (route, size, content type, payload);
 * - `auth`: no valid credential or signature, or a command the credential may not run (403);
 * - `idempotency`: the guard refused (a run in progress, a key reused, the store down, a retry
 *   of a run whose outcome is unknown);
 * - `upstream-4xx`, `upstream-5xx`: Which50's last answer was an error (429 and 503 after every
 *   retry included), or a 2xx it could not read, or a connection that broke (counted as 5xx);
 * - `timeout`: the deadline passed, the run's fate unknown;
 * - `unreachable`: no connection to Which50 could be made until the deadline;
 * - `configuration`: the adapter's own settings or secret are broken;
 * - `unavailable`: a dependency other than Which50 (Secrets Manager) failed for now, or the
 *   circuit breaker refused the call without calling Which50 (the line says `circuit: open`);
 * - `internal`: a bug.
 *
 * Only failures need this module, so it is loaded on the first failure, not at start (the
 * stack's dashboard and alarms read the class list and metric names from it too).
 */
const FAILURE_CLASSES = [
  'validation',
  'auth',
  'idempotency',
  'upstream-4xx',
  'upstream-5xx',
  'timeout',
  'unreachable',
  'configuration',
  'unavailable',
  'internal',
] as const;

type FailureClass = (typeof FAILURE_CLASSES)[number];

/** An upstream call that ended without an answer, by why the last attempt got none. */
const classOfUpstreamFailure = (failure: string | undefined): FailureClass => {
  if (failure === 'timed-out') return 'timeout';
  if (failure === 'unreachable' || failure === 'stale') return 'unreachable';
  return 'upstream-5xx';
};

/**
 * The failure class of an invocation that answered `status` (undefined when it did not fail).
 * The order matters: the guard refuses before any upstream call, and once Which50 has been
 * called, its last answer (or silence) is what failed, whatever status the caller got for it.
 */
const failureClassOf = (record: InvocationRecord, { status }: InvocationEnd): FailureClass | undefined => {
  const last = record.attempts.at(-1);
  if (status < 400) return undefined;
  if (record.errorName !== undefined) return 'internal';
  if (status === 401 || status === 403) return 'auth';
  if (record.idempotency === 'outcome-unknown') return 'idempotency';
  if (status === 504) return 'timeout';
  if (last !== undefined) {
    if (last.status === undefined) return classOfUpstreamFailure(last.failure);
    return last.status >= 400 && last.status < 500 ? 'upstream-4xx' : 'upstream-5xx';
  }
  if (record.idempotency === 'pending') return 'idempotency';
  if (status === 500) return 'configuration';
  return status > 500 ? 'unavailable' : 'validation';
};

/** What a failure adds to its outcome line and metrics. */
interface FailureVerdict {
  readonly failureClass: FailureClass;
  /** When the idempotency guard refused the run: why. */
  readonly idempotency?: IdempotencyOutcome;
  /** The metric the failure is counted under, beside `RunsFailed` (for runs). */
  readonly failedMetric: string;
  /** Whether Which50 is what failed, which `UpstreamFailed` counts. */
  readonly upstreamFailed: boolean;
}

/** `upstream-4xx` -> `RunsFailedUpstream4xx`: each failure class is counted under a name of its own. */
const failedMetricName = (failureClass: FailureClass): string =>
  `RunsFailed${failureClass.replace(/(?:^|-)(\w)/g, (_match, letter: string) => letter.toUpperCase())}`;

const IDEMPOTENCY_REFUSALS: Readonly<Record<number, IdempotencyOutcome>> = {
  409: 'in-progress',
  422: 'payload-mismatch',
};

/** The verdict on an invocation that failed: its class, what the guard did, and how it is counted. */
const judgeFailure = (record: InvocationRecord, end: InvocationEnd): FailureVerdict => {
  const failureClass = failureClassOf(record, end) ?? 'internal';
  return {
    failureClass,
    ...(failureClass === 'idempotency' && {
      idempotency:
        record.idempotency === 'outcome-unknown'
          ? 'outcome-unknown'
          : (IDEMPOTENCY_REFUSALS[end.status] ?? 'store-unavailable'),
    }),
    failedMetric: failedMetricName(failureClass),
    upstreamFailed: /^(upstream|timeout|unreachable)/.test(failureClass),
  };
};

export { FAILURE_CLASSES, type FailureClass, type FailureVerdict, failedMetricName, failureClassOf, judgeFailure };
