/** The wait after the first failed attempt. */
const FIRST_RETRY_SECONDS = 30;
/** No wait between attempts is longer than an hour. */
const MAX_RETRY_SECONDS = 3_600;
/** Attempts stop once the next would start more than this long after the first. */
const GIVE_UP_AFTER_SECONDS = 24 * 3_600;

/**
 * The wait after `failures` failed attempts (1 after the first): 30 s, doubling each time (1 min,
 * 2 min, 4 min, ... 32 min), then every hour. Half jitter: the wait is drawn uniformly between half
 * and all of that figure (`random` in [0, 1)), so receivers that come back after an outage are not
 * hit by every run at once. Whole seconds, rounded up, since durable waits are counted in seconds.
 * Over 24 h this makes about 30 attempts.
 */
const callbackRetryDelaySeconds = (failures: number, random: number): number => {
  const scheduled = Math.min(FIRST_RETRY_SECONDS * 2 ** (failures - 1), MAX_RETRY_SECONDS);
  return Math.max(1, Math.ceil(scheduled * (0.5 + 0.5 * random)));
};

/** After a failed attempt: wait and try again, or give up (the next attempt would start past 24 h). */
type CallbackRetryDecision = { readonly kind: 'wait'; readonly delaySeconds: number } | { readonly kind: 'give-up' };

/**
 * What follows the `failures`-th failed attempt, decided at `now` for a callback whose first attempt
 * was at `firstAttemptAt` (both epoch ms): another attempt after the backoff, unless it would
 * start more than 24 h after the first one.
 */
const nextCallbackRetry = (
  {
    failures,
    firstAttemptAt,
    now,
  }: { readonly failures: number; readonly firstAttemptAt: number; readonly now: number },
  random: number,
): CallbackRetryDecision => {
  const delaySeconds = callbackRetryDelaySeconds(failures, random);
  return now + delaySeconds * 1_000 - firstAttemptAt > GIVE_UP_AFTER_SECONDS * 1_000
    ? { kind: 'give-up' }
    : { kind: 'wait', delaySeconds };
};

export {
  type CallbackRetryDecision,
  callbackRetryDelaySeconds,
  FIRST_RETRY_SECONDS,
  GIVE_UP_AFTER_SECONDS,
  MAX_RETRY_SECONDS,
  nextCallbackRetry,
};
