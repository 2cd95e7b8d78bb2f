import type { DurableContext } from '@aws/durable-execution-sdk-js';
import type { ImportJob } from '../import-job';
import type { RunImportCommand } from '../payload/run-import-command';
import type { Which50Client } from '../which50/client';
import { isFinished, nextFollowStep } from './follow-schedule';
import type { RunRecordStore } from './run-record';
import { updateRunRecord } from './update-run-record';

/**
 * What each look at the job leaves in the checkpoint: the job as last read, how many looks so far,
 * when the last one was taken and the random draw for the next wait's jitter. The wait strategy
 * decides from this alone, so a replay decides as the first execution did.
 */
interface FollowState {
  readonly importJob: ImportJob;
  readonly looks: number;
  readonly lookedAt: number;
  readonly draw: number;
}

interface FollowDeps {
  readonly which50: Which50Client;
  readonly runRecords: RunRecordStore;
  readonly upstreamDeadlineMs: number;
  readonly random: () => number;
}

interface FollowRequest {
  readonly runId: string;
  readonly command: RunImportCommand;
  /** The job as the run answered it: the first look. */
  readonly importJob: ImportJob;
  /** When following stops (epoch ms): `FOLLOW_MAX_HOURS` after the run started. */
  readonly deadline: number;
}

/** How following ended: the job finished, or the deadline passed first; with the job as last read. */
interface FollowResult {
  readonly finished: boolean;
  readonly importJob: ImportJob;
}

/** The decision after the look `state` records. */
const decisionAfter = (state: FollowState, deadline: number) =>
  nextFollowStep({ job: state.importJob, look: state.looks, now: state.lookedAt, deadline }, state.draw);

/**
 * When a look is taken, as the follow bound counts time: the clock, but never less than the last
 * look's time plus the wait between them. A wait lasts at least its length, so this is the clock
 * wherever clocks agree; where they do not (the invocations of one execution may run on hosts
 * whose clocks differ, or on a test runner's skipped time), the bound still counts every wait.
 */
const lookTime = (state: FollowState, deadline: number): number => {
  if (state.looks === 0) return Date.now();
  const decision = decisionAfter(state, deadline);
  const waited = decision.kind === 'poll' ? decision.delaySeconds * 1_000 : 0;
  return Math.max(Date.now(), state.lookedAt + waited);
};

/**
 * Follows the job until it finishes or the deadline passes, as one durable `waitForCondition`: no
 * compute between looks. The first look is the run's own answer (a job finished at once is not
 * polled at all); each later one reads the job's status after the follow schedule's wait, and
 * stores it on the run record when it changed. A read that fails keeps the last status, and the
 * next poll tries again; a record that cannot be written is left for the run's end to write.
 */
const followJob = async (context: DurableContext, deps: FollowDeps, request: FollowRequest): Promise<FollowResult> => {
  const look = async (state: FollowState): Promise<FollowState> => {
    const looks = state.looks + 1;
    let importJob = state.importJob;
    if (looks > 1) {
      importJob = await deps.which50
        .readImportJob(request.command, Date.now() + deps.upstreamDeadlineMs)
        .catch(() => state.importJob);
      if (JSON.stringify(importJob) !== JSON.stringify(state.importJob)) {
        await updateRunRecord(deps.runRecords, request.runId, { importJob }).catch(() => undefined);
      }
    }
    return { importJob, looks, lookedAt: lookTime(state, request.deadline), draw: deps.random() };
  };
  const last = await context.waitForCondition<FollowState>('follow-import', look, {
    initialState: { importJob: request.importJob, looks: 0, lookedAt: 0, draw: 0 },
    waitStrategy: (state) => {
      const decision = decisionAfter(state, request.deadline);
      return decision.kind === 'poll'
        ? { shouldContinue: true, delay: { seconds: decision.delaySeconds } }
        : { shouldContinue: false };
    },
  });
  return { finished: isFinished(last.importJob), importJob: last.importJob };
};

export { type FollowDeps, followJob };
