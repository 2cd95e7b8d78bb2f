import { Problem } from '../http/problem';
import { type AttemptFailure, MAX_ANSWER_BYTES, type UpstreamAnswer } from './attempt';
import { readUpstreamMessage } from './upstream-message';

/** Statuses with which Which50 refuses the run as asked: the caller's request, not the adapter, must change. */
const REFUSALS = new Set([400, 409, 417, 422]);

const MESSAGE_LIMIT = 500;

/**
 * The caller's answer for a Which50 error status. `message` is the upstream's own text, already cut
 * to size; it is shown only for refusals, where it tells the caller what to change.
 */
const problemForUpstreamStatus = (status: number, message: string): Problem => {
  if (status === 404) {
    return new Problem(404, 'Not found', 'Which50 has no such contact list or import job.');
  }
  if (REFUSALS.has(status)) {
    return new Problem(
      422,
      'Import refused by Which50',
      Array.from(message).slice(0, MESSAGE_LIMIT).join('') || `Which50 answered ${status}.`,
      {
        upstreamStatus: status,
      },
    );
  }
  if (status === 401) {
    return new Problem(
      502,
      'Upstream rejected credentials',
      'Which50 answered 401 even with a freshly loaded secret; check which50.auth in the secret.',
      { upstreamStatus: status },
    );
  }
  if (status === 403) {
    return new Problem(
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

/** Which50 kept throttling or was unavailable until the deadline: the caller may come back later. */
/** {@link problemForUpstreamStatus} for a whole answer, its message read from its body. */
const problemForUpstreamAnswer = ({ status, contentType, body }: UpstreamAnswer): Problem =>
  problemForUpstreamStatus(status, readUpstreamMessage(contentType, body));

const upstreamUnavailable = (detail: string, retryAfterSeconds: number): Problem =>
  new Problem(503, 'Upstream unavailable', detail, {}, { 'Retry-After': String(retryAfterSeconds) });

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

/** Which50 kept answering 429 or 503 (or could not be reached) and the deadline left no room to ask again. */
const upstreamStillUnavailable = (status: number | undefined, retryAfterSeconds: number): Problem =>
  upstreamUnavailable(
    status === undefined
      ? 'Which50 could not be reached before the deadline; nothing was run.'
      : `Which50 answered ${status} until the deadline; nothing was run.`,
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
  problemForFailure,
  problemForUpstreamAnswer,
  problemForUpstreamStatus,
  runTimedOut,
  upstreamBroken,
  upstreamStillUnavailable,
  upstreamTimedOut,
  upstreamUnavailable,
};
