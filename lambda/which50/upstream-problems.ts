import { Problem } from '../http/problem';
import { type AttemptFailure, MAX_ANSWER_BYTES, type UpstreamAnswer } from './attempt';
import { readUpstreamMessage } from './upstream-message';

/** Statuses with which Which50 refuses the run as asked: the caller's request, not the adapter, must change. */
const REFUSALS = new Set([400, 409, 417, 422]);

const MESSAGE_LIMIT = 500;

/** The title of every answer that says Which50 cannot be had just now (503, `.../upstream-unavailable`). */
const UNAVAILABLE_TITLE = 'Upstream unavailable';

/**
 * A problem after which the run certainly did not happen: no request reached Which50 (refused
 * connections, an open circuit), or Which50 said it did not run it (429 or 503 after the retries,
 * or a refusal: 400, 401, 403, 404, 409, 417, 422). What a caller needs, an idempotency guard
 * say, to release a key so that a retry may run. Like any {@link Problem}, it renders as one;
 * nothing of the mark reaches the body.
 */
class RunNotStarted extends Problem {
  readonly certainNonRun = true;
}

/** True for a problem the client threw after which the run certainly did not happen (see {@link RunNotStarted}). */
const isCertainNonRun = (error: unknown): error is RunNotStarted => error instanceof RunNotStarted;

/**
 * The caller's answer for a Which50 error status. `message` is the upstream's own text, already cut
 * to size; it is shown only for refusals, where it tells the caller what to change.
 */
const problemForUpstreamStatus = (status: number, message: string): Problem => {
  if (status === 404) {
    return new RunNotStarted(404, 'Not found', 'Which50 has no such contact list or import job.');
  }
  if (REFUSALS.has(status)) {
    return new RunNotStarted(
      422,
      'Import refused by Which50',
      Array.from(message).slice(0, MESSAGE_LIMIT).join('') || `Which50 answered ${status}.`,
      {
        upstreamStatus: status,
      },
    );
  }
  if (status === 401) {
    return new RunNotStarted(
      502,
      'Upstream rejected credentials',
      'Which50 answered 401 even with a freshly loaded secret; check which50.auth in the secret.',
      { upstreamStatus: status },
    );
  }
  if (status === 403) {
    return new RunNotStarted(
      502,
      'Upstream forbade the call',
      'Which50 answered 403: the configured user lacks permission.',
      {
        upstreamStatus: status,
      },
    );
  }
  return new Problem(502, 'Upstream failed', `Which50 answered ${status}; the import was not confirmed.`, {
    upstreamStatus: status,
  });
};

/** {@link problemForUpstreamStatus} for a whole answer, its message read from its body. */
const problemForUpstreamAnswer = ({ status, contentType, body }: UpstreamAnswer): Problem =>
  problemForUpstreamStatus(status, readUpstreamMessage(contentType, body));

/** Which50 cannot be had just now, and nothing reached it or it ran nothing: the caller may come back later. */
const upstreamUnavailable = (detail: string, retryAfterSeconds: number): RunNotStarted =>
  new RunNotStarted(503, UNAVAILABLE_TITLE, detail, {}, { 'Retry-After': String(retryAfterSeconds) });

/**
 * The breaker is open: Which50 was unavailable for the last calls, so this one is refused without
 * a request, and the caller told when the breaker will let a trial call through.
 */
const circuitOpen = (retryAfterSeconds: number): RunNotStarted =>
  upstreamUnavailable(
    `Which50 was unavailable for the last calls, so calls to it are held for ${retryAfterSeconds} more seconds; nothing was run.`,
    retryAfterSeconds,
  );

/**
 * What a failed call tells the circuit breaker: true when Which50 could not be had (refused or
 * unreachable, 429 or 503 after the retries, no answer before the deadline), false when it
 * answered, undefined when the call failed before that was learnt: the adapter's own settings
 * (500) or a dependency (the secret's 503), or a bug.
 */
const meansUnavailable = (error: unknown): boolean | undefined => {
  if (!(error instanceof Problem) || error.status === 500) return undefined;
  if (error.title === UNAVAILABLE_TITLE || error.status === 504) return true;
  return error.status === 503 ? undefined : false;
};

/** The deadline passed. `importJob` is the status read afterwards, when that read worked. */
const upstreamTimedOut = (detail: string, importJob?: unknown): Problem =>
  new Problem(504, 'Upstream timed out', detail, importJob === undefined ? {} : { importJob });

const upstreamBroken = (detail: string): Problem => new Problem(502, 'Upstream failed', detail);

/**
 * The caller's answer when no usable answer came. Only a system error code is quoted (it names no
 * secret); a request that may have reached Which50 is never said to have failed to run.
 */
const problemForFailure = (failure: AttemptFailure, code: string | undefined): Problem => {
  switch (failure) {
    case 'unreachable':
    case 'stale':
      return upstreamStillUnavailable(undefined, 1);
    case 'unusable':
      return upstreamBroken(
        `Which50 could not be reached (${code ?? 'unknown error'}); check which50.baseUrl in the secret.`,
      );
    case 'timed-out':
      return upstreamTimedOut('Which50 did not answer before the deadline.');
    case 'reset':
      return upstreamBroken('The connection to Which50 broke after the request was sent; its outcome is unknown.');
    case 'too-large':
      return upstreamBroken(`Which50's answer exceeds ${MAX_ANSWER_BYTES} bytes and was refused.`);
  }
};

/**
 * Which50 kept answering 429 or 503 (or could not be reached), and neither the deadline nor the
 * attempt budget left room to ask again.
 */
const upstreamStillUnavailable = (status: number | undefined, retryAfterSeconds: number): RunNotStarted =>
  upstreamUnavailable(
    status === undefined
      ? 'Which50 could not be reached; nothing was run.'
      : `Which50 answered ${status} to every attempt; nothing was run.`,
    retryAfterSeconds,
  );

/**
 * The run was sent and no answer came in time, so it may be running: it is not sent again. The
 * status read afterwards, when that worked, tells the caller where the job stands.
 */
const runTimedOut = (importJob: unknown): Problem =>
  upstreamTimedOut(
    'Which50 did not answer the run before the deadline; it may still be running, so it was not sent again. ' +
      (importJob === undefined
        ? 'Its status could not be read either.'
        : 'importJob holds its status as read afterwards.'),
    importJob,
  );

export {
  circuitOpen,
  isCertainNonRun,
  meansUnavailable,
  problemForFailure,
  problemForUpstreamAnswer,
  problemForUpstreamStatus,
  RunNotStarted,
  runTimedOut,
  UNAVAILABLE_TITLE,
  upstreamBroken,
  upstreamStillUnavailable,
  upstreamTimedOut,
  upstreamUnavailable,
};
