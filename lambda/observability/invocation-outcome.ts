import type { CircuitState } from '../which50/circuit-breaker';
import type { FailureClass, FailureVerdict } from './failure-class';

/**
 * The one line each invocation writes when it ends, built as data from an allow-list of fields.
 * Nothing reaches the line that is not named here: no header, no body, no secret, no raw error
 * (an unexpected error contributes its name only). Free text that a caller or Which50 supplied
 * (a problem's detail, event names, a delivery id) goes through `mask` first.
 */

/** The route that served the invocation; `scheduledRun` for a schedule. */
type RouteName = 'runImport' | 'importStatus' | 'runStatus' | 'me' | 'health' | 'openApi' | 'scheduledRun';

/**
 * What the idempotency guard did: `none` (no key, the run just ran), `ran` (first delivery of its
 * key), `replayed` (an earlier run's answer given again), what became of a run of unknown outcome,
 * or why it refused to run. While the
 * guard decides, the record says `pending`; a failure's verdict says what became of it.
 */
type IdempotencyOutcome =
  | 'none'
  | 'ran'
  | 'replayed'
  | 'kept-unknown'
  | 'outcome-unknown'
  | 'in-progress'
  | 'payload-mismatch'
  | 'store-unavailable';

/**
 * While a keyed run waits on the guard: it becomes `ran` when the run starts, or the guard's
 * verdict (`kept-unknown`: this run failed after its POST may have reached Which50, so its key is
 * held; `outcome-unknown`: a retry of such a run that the job's status could not settle), or a
 * refusal.
 */
type IdempotencyState = 'none' | 'pending' | 'ran' | 'replayed' | 'kept-unknown' | 'outcome-unknown';

/** One upstream attempt as the Which50 client reported it: its status, or why none came, and its time. */
interface AttemptSummary {
  readonly status?: number;
  readonly failure?: string;
  readonly ms: number;
}

/** The problem an invocation ended with: only what the caller was told, never the error itself. */
interface ProblemSummary {
  readonly title: string;
  readonly detail: string;
}

/** Everything gathered while the invocation ran (the recorder holds it); see {@link outcomeLine}. */
interface InvocationRecord {
  /** API Gateway's request id (what the caller sees in `x-request-id`), or Lambda's for a schedule. */
  readonly requestId: string;
  readonly awsRequestId?: string;
  readonly route?: RouteName;
  /** The schedule's name, for a schedule's run. */
  readonly schedule?: string;
  /** The job asked for: a run's command, or a status read's ids (no events). */
  readonly command?: {
    readonly contactListId: number;
    readonly importJobId: number;
    readonly customEvents?: readonly string[];
  };
  /** The sender's delivery id: `webhook:<webhook-id>`, `key:<Idempotency-Key>` or `schedule:<name>@<time>`. */
  readonly deliveryId?: string;
  /** Who the credential that let the request in is (its entry's name, or the scheme); never the key. */
  readonly principal?: string;
  readonly idempotency?: IdempotencyState;
  /** Each upstream attempt, in order. */
  readonly attempts: readonly AttemptSummary[];
  /** The ImportJob's `currentStatus`: the answer's, or the one read after a run timed out. */
  readonly jobStatus?: string;
  readonly problem?: ProblemSummary;
  /** The name of an error that was not a Problem (a bug): its message may quote data, so it is left out. */
  readonly errorName?: string;
  /** The circuit breaker's state when the upstream call was decided; absent when none was made. */
  readonly circuit?: CircuitState;
}

/** How an invocation ended: the HTTP status answered (a schedule: its problem's, or 200) and its duration. */
interface InvocationEnd {
  readonly status: number;
  readonly elapsedMs: number;
}

type Outcome = 'succeeded' | 'replayed' | 'failed';
/** The logger method the line is written with. */
type LineLevel = 'info' | 'warn' | 'error';

/** The line's fields, every one named here; absent values are left out of the JSON. */
interface OutcomeFields {
  readonly outcome: Outcome;
  readonly route?: RouteName;
  readonly schedule?: string;
  readonly principal?: string;
  readonly contactListId?: number;
  readonly importJobId?: number;
  readonly customEvents?: readonly string[];
  readonly status: number;
  readonly failureClass?: FailureClass;
  readonly problem?: { readonly title: string; readonly detail: string };
  readonly errorName?: string;
  readonly jobStatus?: string;
  readonly upstreamStatus?: number;
  readonly upstreamFailure?: string;
  readonly attempts: number;
  readonly upstreamMs?: number;
  readonly elapsedMs: number;
  readonly idempotency?: IdempotencyOutcome;
  readonly circuit?: CircuitState;
  readonly requestId: string;
  readonly awsRequestId?: string;
  readonly deliveryId?: string;
}

interface OutcomeLine {
  readonly level: LineLevel;
  readonly message: string;
  readonly fields: OutcomeFields;
}

/** Replaces anything that must not be printed in a piece of free text. */
type Mask = (text: string) => string;

/** Milliseconds to a tenth: finer is noise in a log line or a metric. */
const roundedMs = (ms: number): number => Math.round(ms * 10) / 10;

/**
 * Builds the invocation's outcome line. Every field is copied by name from the record; text that
 * came from a caller or from Which50 is passed through `mask`, so a secret value a caller echoed
 * in a payload, or Which50 in an error message, is never printed. A failed invocation comes with
 * the verdict on its failure (see `judgeFailure`).
 */
const outcomeLine = (
  record: InvocationRecord,
  { status, elapsedMs }: InvocationEnd,
  mask: Mask,
  failure?: FailureVerdict,
): OutcomeLine => {
  const masked = (text: string | undefined): string | undefined => (text === undefined ? undefined : mask(text));
  const { command, schedule, problem, attempts } = record;
  const last = attempts.at(-1);
  const outcome: Outcome = status >= 400 ? 'failed' : record.idempotency === 'replayed' ? 'replayed' : 'succeeded';
  const subject = record.route ?? 'request';
  const fields: OutcomeFields = {
    outcome,
    route: record.route,
    schedule: masked(schedule),
    principal: record.principal,
    contactListId: command?.contactListId,
    importJobId: command?.importJobId,
    customEvents: command?.customEvents?.map(mask),
    status,
    failureClass: failure?.failureClass,
    problem: problem === undefined ? undefined : { title: problem.title, detail: mask(problem.detail) },
    errorName: record.errorName,
    jobStatus: masked(record.jobStatus),
    upstreamStatus: last?.status,
    upstreamFailure: last?.failure,
    attempts: attempts.length,
    upstreamMs: last === undefined ? undefined : roundedMs(attempts.reduce((total, { ms }) => total + ms, 0)),
    elapsedMs: roundedMs(elapsedMs),
    idempotency: failure?.idempotency ?? (record.idempotency as IdempotencyOutcome | undefined),
    circuit: record.circuit,
    requestId: record.requestId,
    awsRequestId: record.awsRequestId,
    deliveryId: masked(record.deliveryId),
  };
  return outcome === 'failed'
    ? {
        level: status >= 500 ? 'error' : 'warn',
        message: `${subject} failed: ${problem?.title ?? 'Internal error'}`,
        fields,
      }
    : { level: 'info', message: `${subject} ${outcome}`, fields };
};

export {
  type AttemptSummary,
  type IdempotencyOutcome,
  type IdempotencyState,
  type InvocationEnd,
  type InvocationRecord,
  type LineLevel,
  type Mask,
  type Outcome,
  type OutcomeFields,
  type OutcomeLine,
  outcomeLine,
  type ProblemSummary,
  type RouteName,
  roundedMs,
};
