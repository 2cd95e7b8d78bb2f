import type { AttemptFailure } from './attempt';

const BASE_DELAY_MS = 100;
const MAX_DELAY_MS = 2_000;
/** With less time than this left before the deadline, another attempt is not worth starting. */
const MIN_ATTEMPT_MS = 100;
/**
 * The most requests one call sends, whatever Which50 answers: the first and two more, be they
 * retries after 429 or 503, the resend after a dead kept-alive connection or the one after a
 * credential refresh. A delivery never turns into more load on a struggling upstream than that.
 */
const MAX_ATTEMPTS = 3;
/** The wait the adapter suggests to its own caller when Which50 named none. */
const DEFAULT_RETRY_AFTER_MS = 1_000;
/** RFC 9110's preferred HTTP date (`Sun, 06 Nov 1994 08:49:37 GMT`); `Date.parse` alone takes almost anything. */
const HTTP_DATE = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;

/**
 * Jittered exponential backoff ("full jitter"): spreads the retries of many invocations so that a
 * throttled upstream is not hit again by all of them at the same instant.
 */
const backoffDelayMs = (attempt: number, random: () => number = Math.random): number =>
  Math.floor(random() * Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** attempt));

/** The wait a `Retry-After` header asks for, in seconds or as an HTTP date; undefined when absent or unreadable. */
const retryAfterMs = (header: string | null, now: number = Date.now()): number | undefined => {
  if (header === null || header.trim() === '') return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1_000;
  if (!HTTP_DATE.test(value)) return undefined;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
};

/** Statuses that say the run was not started and may be asked for again. */
const isRetryableStatus = (status: number): boolean => status === 429 || status === 503;

/** What one attempt produced, as far as deciding on another is concerned. */
type AttemptOutcome =
  | { readonly kind: 'answer'; readonly status: number; readonly retryAfter: string | null }
  | { readonly kind: 'failure'; readonly failure: AttemptFailure };

/** Where a call stands. `safe` calls (reads) may be repeated whatever happened to an earlier attempt. */
interface CallState {
  readonly safe: boolean;
  /** Requests sent again after a wait; the backoff grows with them. */
  readonly retries: number;
  readonly refreshedCredential: boolean;
  readonly resentStale: boolean;
}

/**
 * What to do after an attempt:
 * - `finish`: the outcome is final (an answer to read, or a failure to report);
 * - `refresh-credential`: reload the secret, bypassing its cache, and send again at once;
 * - `resend`: send again at once on a new connection;
 * - `wait`: send again after `delayMs`;
 * - `unavailable`: the request could be sent again, but not before the deadline or within the
 *   attempt budget.
 */
type NextStep =
  | { readonly kind: 'finish' | 'refresh-credential' | 'resend' }
  | { readonly kind: 'wait'; readonly delayMs: number }
  | { readonly kind: 'unavailable'; readonly retryAfterSeconds: number };

const FINISH: NextStep = { kind: 'finish' };

/** True when Which50 cannot have started anything: it said so (429, 503), or never got the request. */
const cannotHaveStarted = (outcome: AttemptOutcome): boolean =>
  outcome.kind === 'answer'
    ? isRetryableStatus(outcome.status)
    : outcome.failure === 'unreachable' || outcome.failure === 'stale';

/** For a read, which is safe to repeat: also a gateway error, a timeout or a broken connection. */
const isTransient = (outcome: AttemptOutcome): boolean =>
  outcome.kind === 'answer'
    ? outcome.status === 502 || outcome.status === 504
    : outcome.failure === 'timed-out' || outcome.failure === 'reset';

const retryAfterSeconds = (askedMs: number | undefined): number =>
  Math.max(1, Math.ceil((askedMs ?? DEFAULT_RETRY_AFTER_MS) / 1_000));

/**
 * Decides whether to send again. A run is sent again only when it cannot have started; a 401 is
 * answered by one credential refresh, a connection found dead by one immediate resend, and no
 * call sends more than {@link MAX_ATTEMPTS} requests in all. Waits are jittered backoff, never
 * shorter than Which50's `Retry-After`, and never past the deadline: when Which50 asks for more
 * time than is left, or the budget is spent, the call gives up at once, passing its wait on.
 */
const nextStep = (
  outcome: AttemptOutcome,
  state: CallState,
  deadline: number,
  now: number = Date.now(),
  random: () => number = Math.random,
): NextStep => {
  const sent = 1 + state.retries + Number(state.refreshedCredential) + Number(state.resentStale);
  const spent = sent >= MAX_ATTEMPTS;
  if (outcome.kind === 'answer' && outcome.status === 401 && !state.refreshedCredential && !spent) {
    return { kind: 'refresh-credential' };
  }
  if (outcome.kind === 'failure' && outcome.failure === 'stale' && !state.resentStale && !spent) {
    return { kind: 'resend' };
  }
  const notStarted = cannotHaveStarted(outcome);
  if (!notStarted && !(state.safe && isTransient(outcome))) return FINISH;
  const asked = outcome.kind === 'answer' ? retryAfterMs(outcome.retryAfter, now) : undefined;
  const room = deadline - now - MIN_ATTEMPT_MS;
  if (spent || room < 0 || (asked !== undefined && asked > room)) {
    return notStarted ? { kind: 'unavailable', retryAfterSeconds: retryAfterSeconds(asked) } : FINISH;
  }
  return { kind: 'wait', delayMs: Math.min(room, Math.max(asked ?? 0, backoffDelayMs(state.retries, random))) };
};

export {
  type AttemptOutcome,
  backoffDelayMs,
  type CallState,
  isRetryableStatus,
  MAX_ATTEMPTS,
  MIN_ATTEMPT_MS,
  type NextStep,
  nextStep,
  retryAfterMs,
};
