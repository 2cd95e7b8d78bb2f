import { type DurableContext, StepSemantics } from '@aws/durable-execution-sdk-js';
import { isProblem } from '../http/problem';
import { RunFateWatch } from '../idempotency/run-fate';
import { showsRunSince } from '../idempotency/stored-outcome';
import type { ImportJob } from '../import-job';
import type { RunImportCommand } from '../payload/run-import-command';
import type { UpstreamObserver, Which50Client } from '../which50/client';
import { isCertainNonRun } from '../which50/upstream-problems';
import { importRetryDelaySeconds } from './import-retry';
import { asyncRunOutcomeUnknown, runProblemOf } from './run-problems';
import type { RunProblem } from './run-record';

/** What the import came to: it ran (with the job's status), or it failed and will not run. */
type ImportResult =
  | { readonly kind: 'ran'; readonly importJob: ImportJob }
  | { readonly kind: 'failed'; readonly importJob: ImportJob | null; readonly problem: RunProblem };

/**
 * One try of the run, as its step checkpoints it. `not-run`: certainly not run and worth trying
 * again later (Which50 unavailable: 429 or 503 after retries, unreachable, the circuit open);
 * `refused`: certainly not run, and trying again would not help (a Which50 4xx, the adapter's own
 * settings); `unknown`: the POST may have reached Which50.
 */
type TryOutcome =
  | { readonly kind: 'ran'; readonly importJob: ImportJob }
  | {
      readonly kind: 'not-run';
      readonly problem: RunProblem;
      readonly retryAfterSeconds: number;
      readonly draw: number;
    }
  | { readonly kind: 'refused'; readonly problem: RunProblem }
  | { readonly kind: 'unknown'; readonly firstPostAt: number };

/** What the import needs of the workflow's dependencies. */
interface ImportDeps {
  readonly which50: Which50Client;
  /** The most one upstream call (its retries included) may take. */
  readonly upstreamDeadlineMs: number;
  readonly random: () => number;
}

/** The import step's attempts are watched only to tell its fate; the durable function's logs say the rest. */
const UNWATCHED: UpstreamObserver = { attempted: () => undefined };

/**
 * Checkpointed before the run's step starts, and never run again after it: an invocation that
 * stopped in the middle of the POST is not sent again on replay (the step fails as interrupted).
 */
const AT_MOST_ONCE = { semantics: StepSemantics.AtMostOncePerRetry, retryStrategy: () => ({ shouldRetry: false }) };

const retryAfterOf = (headers: Readonly<Record<string, string>>): number => {
  const seconds = Number(headers['Retry-After']);
  return Number.isFinite(seconds) && seconds > 0 ? seconds : 0;
};

/**
 * One try of the run through the Which50 client, its failure sorted by the same rules as a sync
 * run's: the client's `isCertainNonRun` mark, and the fate watch for the rest.
 */
const tryImport = async (deps: ImportDeps, command: RunImportCommand): Promise<TryOutcome> => {
  const fate = new RunFateWatch(UNWATCHED);
  try {
    return {
      kind: 'ran',
      importJob: await deps.which50.runImport(command, Date.now() + deps.upstreamDeadlineMs, fate),
    };
  } catch (error) {
    const mayHaveRun = fate.mayHaveRun && fate.firstPostAt !== undefined;
    if (!mayHaveRun && isProblem(error) && (isCertainNonRun(error) || fate.firstPostAt === undefined)) {
      const problem = runProblemOf(error);
      return error.status === 503
        ? { kind: 'not-run', problem, retryAfterSeconds: retryAfterOf(error.headers), draw: deps.random() }
        : { kind: 'refused', problem };
    }
    if (fate.firstPostAt === undefined) throw error;
    return { kind: 'unknown', firstPostAt: fate.firstPostAt };
  }
};

/**
 * A run whose fate is unknown is never sent again: the job's status decides. It ran when its start
 * date is at or after the first POST's send time (less the clock skew `showsRunSince` allows);
 * otherwise (no start date, an older one, or no status at all) the run fails as of unknown outcome.
 */
const reconcile = async (
  context: DurableContext,
  deps: ImportDeps,
  command: RunImportCommand,
  firstPostAt: number,
): Promise<ImportResult> => {
  const importJob = await context.step('reconcile-import', async () =>
    deps.which50.readImportJob(command, Date.now() + deps.upstreamDeadlineMs).catch(() => null),
  );
  return importJob !== null && showsRunSince(importJob, firstPostAt)
    ? { kind: 'ran', importJob }
    : { kind: 'failed', importJob, problem: asyncRunOutcomeUnknown() };
};

/**
 * Runs the import exactly once, as durable steps. Each try is a step run at most once; before it,
 * a step notes the time, so that a try interrupted mid-POST (its step failing as interrupted on
 * replay) is reconciled against when it may have been sent. A try Which50 certainly did not take
 * because it was unavailable is tried again after a durable wait (the backoff of `import-retry`,
 * at most five tries); any other certain non-run fails the run.
 */
const importOnce = async (
  context: DurableContext,
  deps: ImportDeps,
  command: RunImportCommand,
): Promise<ImportResult> => {
  for (let tries = 1; ; tries += 1) {
    const notBefore = await context.step('import-clock', async () => Date.now());
    let outcome: TryOutcome;
    try {
      outcome = await context.step('run-import', () => tryImport(deps, command), AT_MOST_ONCE);
    } catch {
      outcome = { kind: 'unknown', firstPostAt: notBefore };
    }
    switch (outcome.kind) {
      case 'ran':
        return outcome;
      case 'refused':
        return { kind: 'failed', importJob: null, problem: outcome.problem };
      case 'unknown':
        return reconcile(context, deps, command, outcome.firstPostAt);
      case 'not-run': {
        const delaySeconds = importRetryDelaySeconds(tries, outcome.retryAfterSeconds, outcome.draw);
        if (delaySeconds === undefined) return { kind: 'failed', importJob: null, problem: outcome.problem };
        await context.wait('import-backoff', { seconds: delaySeconds });
      }
    }
  }
};

export { type ImportDeps, type ImportResult, importOnce };
