import * as z from 'zod/mini';
import type { Adapter, Invocation } from '../adapter';
import { invalidPayload } from '../http/problem';
import { scheduleIdempotencyKey } from '../idempotency/idempotency-key';
import type { ImportJob } from '../import-job';
import { logger } from '../observability';
import { parseRunImport } from '../payload/parse-run-import';

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

/** True for a schedule's invocation; anything else is taken for an API Gateway event. */
const isScheduleInvocation = (event: unknown): boolean =>
  typeof event === 'object' && event !== null && (event as { source?: unknown }).source === 'schedule';

/**
 * Runs a schedule's import exactly as the HTTP route would, at most once per occurrence (the
 * schedule's name and scheduled time are the idempotency key, so a retried invocation gets the
 * first run's ImportJob). A failure is thrown, not answered: the invocation then fails, Lambda
 * retries it, and a run that keeps failing lands in the dead-letter queue where someone will see it.
 */
const runScheduled = async (adapter: Adapter, event: unknown, { deadline, context }: Invocation): Promise<ImportJob> => {
  const parsed = ScheduleInvocation.safeParse(event);
  if (!parsed.success) {
    throw invalidPayload(
      parsed.error.issues.map((issue) => ({ field: issue.path.join('.') || '(root)', message: 'is missing or invalid' })),
    );
  }
  const command = parseRunImport({ body: [{ origin: 'schedule', fields: new Map(Object.entries(parsed.data)) }] });
  const key = scheduleIdempotencyKey(parsed.data.scheduleName, parsed.data.scheduledTime);
  const { importJob, replayed } = await adapter.guardRun({ key, command, context }, () =>
    adapter.which50.runImport(command, deadline),
  );
  logger.info(replayed ? 'Scheduled import run replayed' : 'Scheduled import run', {
    scheduleName: parsed.data.scheduleName,
    scheduledTime: parsed.data.scheduledTime,
    ...command,
    currentStatus: importJob.currentStatus,
  });
  return importJob;
};

export { isScheduleInvocation, runScheduled, type ScheduleInvocation };
