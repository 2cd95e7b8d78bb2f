import type { Adapter, Invocation } from '../adapter';
import { RunFateWatch } from '../idempotency/run-fate';
import type { GuardedRunResult } from '../idempotency/run-guard';
import type { RunImportCommand } from '../payload/run-import-command';
import type { AttemptReport } from '../which50/client';

/**
 * The run both run routes and schedules share: at most once per idempotency key (none: it just
 * runs), and told to the invocation's recorder as it happens. The guard calls the run only when it
 * really runs, so the recorder learns `ran` there, and the guard's verdict otherwise. The run's
 * POSTs are watched so that, should it fail, the guard knows whether it may have started.
 */
const runImportOnce = async (
  adapter: Adapter,
  { key, command }: { readonly key: string | undefined; readonly command: RunImportCommand },
  { deadline, context, recorder }: Invocation,
): Promise<GuardedRunResult> => {
  recorder.command = command;
  recorder.idempotency = key === undefined ? 'none' : 'pending';
  const fate = new RunFateWatch();
  const observer = {
    attempted: (report: AttemptReport) => {
      fate.attempted(report);
      recorder.attempted(report);
    },
  };
  const result = await adapter.guardRun(
    {
      key,
      command,
      context,
      fate,
      readJob: () => adapter.which50.readImportJob(command, deadline, recorder),
      decided: (verdict) => {
        recorder.idempotency = verdict;
      },
    },
    () => {
      if (key !== undefined) recorder.idempotency = 'ran';
      return adapter.which50.runImport(command, deadline, observer);
    },
  );
  recorder.sawImportJob(result.importJob);
  return result;
};

export { runImportOnce };
