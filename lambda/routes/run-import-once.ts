import type { Adapter, Invocation } from '../adapter';
import type { GuardedRunResult } from '../idempotency/run-guard';
import type { RunImportCommand } from '../payload/run-import-command';

/**
 * The run both run routes and schedules share: at most once per idempotency key (none: it just
 * runs), and told to the invocation's recorder as it happens. The guard calls the run only when it
 * really runs, so the recorder learns `ran` there, and the guard's verdict otherwise.
 */
const runImportOnce = async (
  adapter: Adapter,
  { key, command }: { readonly key: string | undefined; readonly command: RunImportCommand },
  { deadline, context, recorder }: Invocation,
): Promise<GuardedRunResult> => {
  recorder.command = command;
  recorder.idempotency = key === undefined ? 'none' : 'pending';
  const result = await adapter.guardRun(
    {
      key,
      command,
      context,
      observer: recorder,
      readJob: () => adapter.which50.readImportJob(command, deadline, recorder),
      decided: (verdict) => {
        recorder.idempotency = verdict;
      },
    },
    (observer) => {
      if (key !== undefined) recorder.idempotency = 'ran';
      return adapter.which50.runImport(command, deadline, observer);
    },
  );
  recorder.sawImportJob(result.importJob);
  return result;
};

export { runImportOnce };
