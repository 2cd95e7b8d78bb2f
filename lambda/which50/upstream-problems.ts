import { Problem } from '../http/problem';

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
    return new Problem(422, 'Import refused by Which50', Array.from(message).slice(0, MESSAGE_LIMIT).join('') || `Which50 answered ${status}.`, {
      upstreamStatus: status,
    });
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
    return new Problem(502, 'Upstream forbade the call', 'Which50 answered 403: the configured user lacks permission.', {
      upstreamStatus: status,
    });
  }
  return new Problem(502, 'Upstream failed', `Which50 answered ${status}; the import was not confirmed.`, {
    upstreamStatus: status,
  });
};

/** Which50 kept throttling or was unavailable until the deadline: the caller may come back later. */
const upstreamUnavailable = (detail: string, retryAfterSeconds: number): Problem =>
  new Problem(503, 'Upstream unavailable', detail, {}, { 'Retry-After': String(retryAfterSeconds) });

/** The deadline passed. `importJob` is the status read afterwards, when that read worked. */
const upstreamTimedOut = (detail: string, importJob?: unknown): Problem =>
  new Problem(504, 'Upstream timed out', detail, importJob === undefined ? {} : { importJob });

const upstreamBroken = (detail: string): Problem => new Problem(502, 'Upstream failed', detail);

export { problemForUpstreamStatus, upstreamBroken, upstreamTimedOut, upstreamUnavailable };
