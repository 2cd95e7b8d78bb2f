/**
 * The breaker's state when a call was decided: `closed` (calls go through), `open` (calls are
 * refused without reaching Which50), `half-open` (the open period is over and this call is the one
 * trial; calls that arrive while it runs are refused as `open`).
 */
type CircuitState = 'closed' | 'open' | 'half-open';

interface CircuitBreakerOptions {
  /** Consecutive unavailable outcomes that open the circuit. */
  readonly threshold: number;
  /** How long an open circuit refuses calls before it lets one trial through. */
  readonly openMs: number;
}

/** One execution environment's breaker in front of Which50 (see {@link createCircuitBreaker}). */
interface CircuitBreaker {
  /** Decides a call: `open` means refuse it; `half-open` makes it the trial. */
  admit(): CircuitState;
  /** Whole seconds until an open circuit lets a trial through, at least 1 (for `Retry-After`). */
  secondsLeft(): number;
  /**
   * Tells how a call admitted in `admitted` ended: `unavailable` true when Which50 could not be
   * had, false when it answered, undefined when the call ended before it learnt either (the
   * secret could not be loaded, say), which counts for nothing.
   */
  settle(admitted: CircuitState, unavailable: boolean | undefined): void;
}

/**
 * A consecutive-failure circuit breaker, state in three variables and no timer (a frozen Lambda
 * runs none; time is read when a call comes). `threshold` unavailable outcomes in a row open it for
 * `openMs`; the first call after that is the trial, which closes it when Which50 answered
 * anything but unavailability and opens it again otherwise (a trial that learnt nothing leaves
 * the next call to be the trial). While the circuit is open, calls that were admitted before it
 * opened change nothing when they end: only the trial decides.
 */
const createCircuitBreaker = (
  { threshold, openMs }: CircuitBreakerOptions,
  clock: () => number = Date.now,
): CircuitBreaker => {
  let failures = 0;
  /** 0 while closed; else when the open period ends (it stays set through the trial). */
  let openUntil = 0;
  let trialRunning = false;

  return {
    admit: () => {
      if (openUntil === 0) return 'closed';
      if (clock() < openUntil || trialRunning) return 'open';
      trialRunning = true;
      return 'half-open';
    },
    secondsLeft: () => Math.max(1, Math.ceil((openUntil - clock()) / 1_000)),
    settle: (admitted, unavailable) => {
      if (admitted === 'half-open') trialRunning = false;
      else if (openUntil !== 0) return;
      if (unavailable === undefined) return;
      failures = unavailable ? failures + 1 : 0;
      openUntil = unavailable && (admitted === 'half-open' || failures >= threshold) ? clock() + openMs : 0;
    },
  };
};

export { type CircuitBreaker, type CircuitBreakerOptions, type CircuitState, createCircuitBreaker };
