import { Problem } from '../http/problem';

/** What a caller turned away (a run in progress, the store down) should wait before trying again. */
const RETRY_AFTER_SECONDS = 5;

const runInProgress = (): Problem =>
  new Problem(
    409,
    'Run in progress',
    `A run with this idempotency key is in progress; send the request again in ${RETRY_AFTER_SECONDS} seconds to get its answer.`,
    {},
    { 'Retry-After': String(RETRY_AFTER_SECONDS) },
  );

const keyReused = (): Problem =>
  new Problem(
    422,
    'Idempotency key reused',
    'This idempotency key was already used for another payload; send a new key for a new run.',
  );

const storeUnavailable = (): Problem =>
  new Problem(
    503,
    'Idempotency store unavailable',
    'The idempotency store could not be reached, so the import was not run; send the request again later.',
    {},
    { 'Retry-After': String(RETRY_AFTER_SECONDS) },
  );

/** How long a caller turned away for an unknown outcome should wait: long enough for the job to show its start. */
const OUTCOME_UNKNOWN_RETRY_AFTER_SECONDS = 30;

/**
 * A retry of a run whose first attempt may have reached Which50, when the job's status does not
 * show that it ran: running it again could run the import twice, and saying it ran could be a lie.
 * `importJob` is the status read, when that worked.
 */
const runOutcomeUnknown = (importJob: unknown): Problem =>
  new Problem(
    409,
    'Run outcome unknown',
    'An earlier attempt with this idempotency key may have started the run, and the job’s status does not show it; ' +
      'the run is not sent again. Send the request again later to check, or use a new key to run it anyway.',
    importJob === undefined ? {} : { importJob },
    { 'Retry-After': String(OUTCOME_UNKNOWN_RETRY_AFTER_SECONDS) },
  );

/**
 * The answer for a Powertools idempotency error raised before the run started, matched by the
 * error's name so that this module loads nothing. A duplicate of a run in progress (or of one that
 * ended while its record was being read) is a 409 the caller may retry; a key reused for another
 * payload is a 422; a store that cannot be written is a 503, because running without a record
 * could run the import twice. Anything else is not an idempotency error and is left alone.
 */
const problemForIdempotencyError = (error: unknown): Problem | undefined => {
  switch ((error as Error | undefined)?.name) {
    case 'IdempotencyAlreadyInProgressError':
    case 'IdempotencyItemNotFoundError':
      return runInProgress();
    case 'IdempotencyValidationError':
      return keyReused();
    case 'IdempotencyPersistenceLayerError':
      return storeUnavailable();
    default:
      return undefined;
  }
};

export { OUTCOME_UNKNOWN_RETRY_AFTER_SECONDS, problemForIdempotencyError, RETRY_AFTER_SECONDS, runOutcomeUnknown };
