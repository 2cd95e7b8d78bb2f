import * as z from 'zod/mini';
import type { Adapter } from '../adapter';
import { invalidPayload } from '../http/problem';
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
 * Runs a schedule's import exactly as the HTTP route would. A failure is thrown, not answered:
 * the invocation then fails, Lambda retries it, and a run that keeps failing lands in the
 * dead-letter queue where someone will see it.
 */
const runScheduled = async (adapter: Adapter, event: unknown, deadline: number): Promise<ImportJob> => {
  const parsed = ScheduleInvocation.safeParse(event);
  if (!parsed.success) {
    throw invalidPayload(
      parsed.error.issues.map((issue) => ({ field: issue.path.join('.') || '(root)', message: 'is missing or invalid' })),
    );
  }
  const command = parseRunImport({ body: [{ origin: 'schedule', fields: new Map(Object.entries(parsed.data)) }] });
  const importJob = await adapter.which50.runImport(command, deadline);
  logger.info('Scheduled import run', {
    scheduleName: parsed.data.scheduleName,
    scheduledTime: parsed.data.scheduledTime,
    ...command,
    currentStatus: importJob.currentStatus,
  });
  return importJob;
};

export { isScheduleInvocation, runScheduled, type ScheduleInvocation };
