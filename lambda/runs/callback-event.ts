import type { ImportJob } from '../import-job';
import type { RunImportCommand } from '../payload/run-import-command';
import type { RunProblem } from './run-record';

type CallbackEventType = 'import.finished' | 'import.failed' | 'import.timed-out';

/** STAND-IN until the callback branch's module is merged. */
const callbackEvent = (input: {
  readonly type: CallbackEventType;
  readonly runId: string;
  readonly command: RunImportCommand;
  readonly importJob: ImportJob | null;
  readonly problem: RunProblem | null;
  readonly at: Date;
}): { readonly webhookId: string; readonly body: string } => ({
  webhookId: `${input.runId}.${input.type}`,
  body: JSON.stringify({
    type: input.type,
    timestamp: input.at.toISOString(),
    data: {
      runId: input.runId,
      contactListId: input.command.contactListId,
      importJobId: input.command.importJobId,
      importJob: input.importJob,
      problem: input.problem,
    },
  }),
});

export { callbackEvent };
