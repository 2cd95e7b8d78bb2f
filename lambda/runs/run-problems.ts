import { type Problem, problemType } from '../http/problem';
import { runOutcomeUnknown } from '../idempotency/idempotency-problems';
import type { RunProblem } from './run-record';

/** A problem as a run's status and callback body carry it: its RFC 9457 members, plain JSON, never its headers. */
const runProblemOf = ({ title, status, detail }: Problem): RunProblem => ({
  type: problemType(title),
  title,
  status,
  detail,
});

/**
 * The run may have reached Which50 (its POST timed out, or the invocation stopped while it was in
 * flight) and the job's status does not show it ran. The run is never sent again, so it fails:
 * the same type as the sync path's `run-outcome-unknown`, with what an async caller can do.
 */
const asyncRunOutcomeUnknown = (): RunProblem => ({
  ...runProblemOf(runOutcomeUnknown(undefined)),
  detail:
    'The run may have reached Which50, and the job’s status does not show that it started; it was not sent again. ' +
    'importJob holds the status read, if any. Start a new run to run it anyway.',
});

/** The job was still running when the follow time ran out; the run's `importJob` is the last status read. */
const followTimedOut = (followMaxHours: number): RunProblem => {
  const title = 'Import still running';
  return {
    type: problemType(title),
    title,
    status: 504,
    detail: `The import job had not finished ${followMaxHours} h after the run started (FOLLOW_MAX_HOURS); importJob holds its last status.`,
  };
};

/** The callback URL resolved to an address the policy forbids: nothing was sent, and nothing will be. */
const callbackRefused = (reason: string): RunProblem => {
  const title = 'Callback refused';
  return { type: problemType(title), title, status: 400, detail: `The callback was not sent: ${reason}` };
};

export { asyncRunOutcomeUnknown, callbackRefused, followTimedOut, runProblemOf };
