import type { Context } from 'aws-lambda';
import type { ImportJob } from '../import-job';
import type { RunImportCommand } from '../payload/run-import-command';
import type { UpstreamObserver } from '../which50/client';
import type { PersistenceLoader } from './persistence-stores';

/**
 * What the guard decided for a keyed call that did not simply run: `replayed` (an earlier run's
 * answer, or a run of unknown outcome that the job's status now confirms), `kept-unknown` (this
 * call's run failed after its POST may have reached Which50: the key stays held, and a retry will
 * check the job's status instead of running again), or `outcome-unknown` (a retry of such a run
 * whose status does not show it ran: refused, nothing sent).
 */
type GuardVerdict = 'replayed' | 'kept-unknown' | 'outcome-unknown';

/**
 * One run to guard: its idempotency key (none: it just runs), what it asks for, its invocation,
 * the observer its upstream attempts are told to, and how to read the job's status (to settle a
 * run of unknown outcome).
 */
interface GuardRequest {
  readonly key: string | undefined;
  readonly command: RunImportCommand;
  readonly context: Context;
  readonly observer: UpstreamObserver;
  readonly readJob: () => Promise<ImportJob>;
  /** Told what became of a keyed run as soon as it is known (the outcome line reads it). */
  readonly decided?: (verdict: GuardVerdict) => void;
}

/** What a guarded run answers: the ImportJob, and whether it is an earlier run's answer given again. */
interface GuardedRunResult {
  readonly importJob: ImportJob;
  readonly replayed: boolean;
}

/** The upstream run, reporting its attempts to the observer it is given. */
type UpstreamRun = (observer: UpstreamObserver) => Promise<ImportJob>;

/** Runs the upstream run at most once per key (see {@link createRunGuard}). */
type RunGuard = (request: GuardRequest, run: UpstreamRun) => Promise<GuardedRunResult>;

/** A run that has a key: what the split-off Powertools code provides. */
type KeyedRun = (request: GuardRequest & { readonly key: string }, run: UpstreamRun) => Promise<GuardedRunResult>;

/**
 * Builds the guard around the upstream run. A request without a key runs at once and loads
 * nothing; the first request with a key loads the Powertools idempotency code and the store (a
 * split-off chunk in the bundle), once, and every keyed request after it reuses them. A failed
 * load is not remembered, so the next keyed request tries again.
 */
const createRunGuard = (loadStore: PersistenceLoader, ttlSeconds: number): RunGuard => {
  let keyedRun: Promise<KeyedRun> | undefined;
  const loadKeyedRun = async (): Promise<KeyedRun> => {
    const [{ createGuardedRun }, store] = await Promise.all([import('./guarded-run'), loadStore()]);
    return createGuardedRun(store, ttlSeconds);
  };

  return async (request, run) => {
    const { key } = request;
    if (key === undefined) return { importJob: await run(request.observer), replayed: false };
    keyedRun ??= loadKeyedRun().catch((error: unknown) => {
      keyedRun = undefined;
      throw error;
    });
    return (await keyedRun)({ ...request, key }, run);
  };
};

export {
  createRunGuard,
  type GuardedRunResult,
  type GuardRequest,
  type GuardVerdict,
  type KeyedRun,
  type RunGuard,
  type UpstreamRun,
};
