const BASE_DELAY_MS = 100;
const MAX_DELAY_MS = 2_000;

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
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
};

/** Statuses that say the run was not started and may be asked for again. */
const isRetryableStatus = (status: number): boolean => status === 429 || status === 503;

export { backoffDelayMs, isRetryableStatus, retryAfterMs };
