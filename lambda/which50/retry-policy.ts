const BASE_DELAY_MS = 100;
const MAX_DELAY_MS = 2_000;
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

export { backoffDelayMs, isRetryableStatus, retryAfterMs };
