import type { ImportJob } from '../import-job';

/**
 * What an idempotency record holds once its run has ended: the ImportJob the run answered, or,
 * when the run's fate is unknown (its POST may have reached Which50 but no usable answer came),
 * when the first POST was sent, which is what a retry needs to tell whether the run happened.
 */
type StoredOutcome =
  | { readonly kind: 'completed'; readonly importJob: ImportJob }
  | { readonly kind: 'unknown'; readonly firstPostAt: number };

/** The member that marks an unknown outcome; an ImportJob never has it. */
const UNKNOWN_SINCE = 'runOutcomeUnknownSince';

/**
 * The record's text. A completed run is stored as its ImportJob's JSON, as earlier records were,
 * so a replay gives the first answer's fields in the first answer's order.
 */
const encodeOutcome = (outcome: StoredOutcome): string =>
  JSON.stringify(outcome.kind === 'completed' ? outcome.importJob : { [UNKNOWN_SINCE]: outcome.firstPostAt });

const decodeOutcome = (text: string): StoredOutcome => {
  const stored = JSON.parse(text) as Record<string, unknown>;
  const since = stored[UNKNOWN_SINCE];
  return typeof since === 'number'
    ? { kind: 'unknown', firstPostAt: since }
    : { kind: 'completed', importJob: stored as unknown as ImportJob };
};

/** Which50's clock and the adapter's may differ; a start this far before the first POST still counts. */
const CLOCK_SKEW_MS = 60_000;

/**
 * True when the job's status shows the run of an unknown outcome happened: its `startDate` is at
 * or after the first POST's send time (less a minute for clock skew). No start date, or an older
 * one (an earlier run of the same job), proves nothing.
 */
const showsRunSince = (importJob: ImportJob, firstPostAt: number): boolean => {
  const started = importJob.startDate === null ? Number.NaN : Date.parse(importJob.startDate);
  return started >= firstPostAt - CLOCK_SKEW_MS;
};

export { CLOCK_SKEW_MS, decodeOutcome, encodeOutcome, type StoredOutcome, showsRunSince };
