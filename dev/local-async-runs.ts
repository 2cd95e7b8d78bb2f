import { withDurableExecution } from '@aws/durable-execution-sdk-js';
import type { AsyncRunParts } from '../lambda/adapter';
import type { AdapterConfig } from '../lambda/config';
import { writeLogLine } from '../lambda/observability/logger';
import { maskingSecretSource } from '../lambda/observability/secret-masks';
import { configuredAsyncRun } from '../lambda/runs/configured-async-run';
import { memoryRunRecords } from '../lambda/runs/memory-run-records';
import type { SecretSource } from '../lambda/secrets/secret-source';
import { type LocalDurableRunner, startLocalDurableRunner } from './local-durable-runner';

/** The local server's async parts, with the runner behind them, for a caller that waits on it. */
interface LocalAsyncRuns extends AsyncRunParts {
  readonly runner: LocalDurableRunner;
}

/**
 * Async runs for the local server, as the deployed durable function does them: the same workflow
 * (`createAsyncRun` under `withDurableExecution`) with its own Which50 client and the callback
 * sender of the secret's `outbound` part, on the SDK's local runner in this process, with real
 * waits and real callbacks, at most `concurrency` executions at once. Run records are kept in
 * memory, shared by the accept path and the workflow. A callback given up, or an execution that
 * failed to run, is a warning line: there is no dead-letter queue locally.
 */
const startLocalAsyncRuns = async (
  config: AdapterConfig,
  secretSource: SecretSource,
  options: { readonly concurrency?: number } = {},
): Promise<LocalAsyncRuns> => {
  const loadSecret = maskingSecretSource(secretSource);
  const runRecords = memoryRunRecords();
  const handler = withDurableExecution(
    configuredAsyncRun(config, loadSecret, {
      runRecords,
      giveUp: ({ webhookId }) =>
        writeLogLine('warn', 'Callback given up (no dead-letter queue locally)', { webhookId }),
    }),
  );
  const runner = await startLocalDurableRunner({
    handler,
    concurrency: options.concurrency,
    onFailed: (runId, error) =>
      void writeLogLine('warn', 'Async run execution failed', { runId, errorName: (error as Error)?.name }),
  });
  return { runRecords, startRun: runner.startRun, runner };
};

export { type LocalAsyncRuns, startLocalAsyncRuns };
