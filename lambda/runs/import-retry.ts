/** At most this many tries of the run, each a certain non-run before the next (so one run at most). */
const MAX_IMPORT_TRIES = 5;
/** The wait after the first try that Which50 could not take. */
const FIRST_IMPORT_RETRY_SECONDS = 30;
/** No wait between tries is longer than ten minutes. */
const MAX_IMPORT_RETRY_SECONDS = 600;

/**
 * The wait after the `failures`-th try that certainly did not run (429 or 503 after the client's own
 * retries, Which50 unreachable, the circuit open): 30 s, doubling (1, 2, 4 min), at most 10 min,
 * half jitter (uniform between half and all of it), and never shorter than the `Retry-After`
 * Which50 or the breaker gave. With five tries the last comes about 7.5 min after the first at
 * most; then the run fails with the last problem. Undefined: no try is left.
 */
const importRetryDelaySeconds = (failures: number, retryAfterSeconds: number, random: number): number | undefined => {
  if (failures >= MAX_IMPORT_TRIES) return undefined;
  const scheduled = Math.min(FIRST_IMPORT_RETRY_SECONDS * 2 ** (failures - 1), MAX_IMPORT_RETRY_SECONDS);
  return Math.max(1, retryAfterSeconds, Math.ceil(scheduled * (0.5 + 0.5 * random)));
};

export { FIRST_IMPORT_RETRY_SECONDS, importRetryDelaySeconds, MAX_IMPORT_RETRY_SECONDS, MAX_IMPORT_TRIES };
