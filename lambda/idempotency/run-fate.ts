import type { AttemptReport, UpstreamObserver } from '../which50/client';

/** What a POST attempt's report must say for the run to be certainly not started. */
const NEVER_REACHED = new Set(['unreachable', 'stale', 'unusable']);

/**
 * True when this POST may have started the run: Which50 answered it with a 2xx (whose body then
 * failed to read) or a 5xx other than 503, or the request went out and no whole answer came
 * (timed out, reset after sending, an answer too large to read). A refused connection, a socket
 * found closed before writing, 429 and 503, and every 4xx are certain non-runs.
 */
const mayHaveStarted = (report: Pick<AttemptReport, 'status' | 'failure'>): boolean => {
  if (report.failure !== undefined) return !NEVER_REACHED.has(report.failure);
  const status = report.status ?? 0;
  return (status >= 200 && status < 300) || (status >= 500 && status !== 503);
};

/**
 * Watches one run's POSTs (as the Which50 client reports them, passing each report on to the
 * invocation's own observer) to tell, should the run fail, whether its fate is unknown, and when
 * its first POST went out: what a retry must know to never run the import twice.
 */
class RunFateWatch implements UpstreamObserver {
  #startedAt: number | undefined;
  #mayHaveRun = false;

  constructor(private readonly next: UpstreamObserver) {}

  /** Told of every attempt of the run's calls; only POSTs count. */
  attempted(report: AttemptReport): void {
    this.next.attempted(report);
    if (report.method !== 'POST') return;
    this.#startedAt ??= Date.now() - report.ms;
    if (mayHaveStarted(report)) this.#mayHaveRun = true;
  }

  /** True when a POST may have reached Which50 and started the run. */
  get mayHaveRun(): boolean {
    return this.#mayHaveRun;
  }

  /** When the first POST went out (epoch milliseconds), or undefined when none did. */
  get firstPostAt(): number | undefined {
    return this.#startedAt;
  }
}

export { mayHaveStarted, RunFateWatch };
