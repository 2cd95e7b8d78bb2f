import type { Context } from 'aws-lambda';
import * as z from 'zod/mini';
import { type Adapter, deadlineFor } from '../adapter';
import { invalidPayload } from '../http/problem';
import { answerableProblem } from '../http/problem-rendering';
import { scheduleIdempotencyKey } from '../idempotency/idempotency-key';
import type { ImportJob } from '../import-job';
import type { InvocationRecorder } from '../observability/invocation-recorder';
import { recordFailure } from '../observability/record-failure';
import { writeFailureOutcome, writeOutcome } from '../observability/write-outcome';
import { parseRunImport } from '../payload/parse-run-import';
import { runImportOnce } from './run-import-once';

/**
 * The input each EventBridge Scheduler schedule sends. `scheduledTime` is the same for every retry
 * of one occurrence, unlike the scheduler's execution id, which is why it names the occurrence.
 */
const ScheduleInvocation = z.looseObject({
  source: z.literal('schedule'),
  scheduleName: z.string().check(z.minLength(1)),
  scheduledTime: z.string().check(z.minLength(1)),
  attemptNumber: z.optional(z.union([z.string(), z.number()])),
});

type ScheduleInvocation = z.infer<typeof ScheduleInvocation>;

/**
 * Runs a schedule's import exactly as the HTTP route would, at most once per occurrence (the
 * schedule's name and scheduled time are the idempotency key, so a retried invocation gets the
 * first run's ImportJob).
 */
const runScheduled = async (
  adapter: Adapter,
  event: unknown,
  context: Context,
  recorder: InvocationRecorder,
): Promise<ImportJob> => {
  const parsed = ScheduleInvocation.safeParse(event);
  if (!parsed.success) {
    throw invalidPayload(
      parsed.error.issues.map((issue) => ({
        field: issue.path.join('.') || '(root)',
        message: 'is missing or invalid',
      })),
    );
  }
  const { scheduleName, scheduledTime } = parsed.data;
  recorder.schedule = scheduleName;
  const key = scheduleIdempotencyKey(scheduleName, scheduledTime);
  recorder.deliveryId = key;
  const command = parseRunImport({ body: [{ origin: 'schedule', fields: new Map(Object.entries(parsed.data)) }] });
  const invocation = { deadline: deadlineFor(adapter.config, context), context, recorder };
  const { importJob } = await runImportOnce(adapter, { key, command }, invocation);
  return importJob;
};

/**
 * A schedule's invocation, start to end: the run, then its outcome line. A failure is thrown, not
 * answered, once its line is written: the invocation then fails, Lambda retries it, and a run that
 * keeps failing lands in the dead-letter queue where someone will see it. Schedules are rare, so
 * this module is loaded only when one comes.
 */
const handleSchedule = async (
  adapter: () => Adapter,
  event: unknown,
  context: Context,
  recorder: InvocationRecorder,
): Promise<ImportJob> => {
  recorder.route = 'scheduledRun';
  try {
    const importJob = await runScheduled(adapter(), event, context, recorder);
    writeOutcome(recorder, 200);
    return importJob;
  } catch (error) {
    recordFailure(recorder, error);
    const problem = answerableProblem(error);
    await writeFailureOutcome(recorder, problem.status);
    throw problem;
  }
};

export { handleSchedule, type ScheduleInvocation };
