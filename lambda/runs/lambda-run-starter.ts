import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { AsyncRunInput } from './async-run-input';
import type { StartRun } from './run-starter';

/**
 * Bounded like the adapter's other AWS clients: a start that hangs must end well before API
 * Gateway's 29 s, so the caller gets a 503 to retry instead of a gateway timeout. Without
 * `throwOnRequestTimeout` the HTTP handler would only log a warning and go on waiting.
 */
const CLIENT_CONFIG = {
  maxAttempts: 2,
  requestHandler: { connectionTimeout: 1_000, requestTimeout: 3_000, throwOnRequestTimeout: true },
} as const;

/**
 * Lambda's answer when an execution of that name exists already: the run was started before (by
 * this request's duplicate, or by a first attempt whose answer was lost), which is what was asked.
 */
const isAlreadyStarted = (error: unknown): boolean =>
  (error as Error | undefined)?.name === 'DurableExecutionAlreadyStartedException';

/**
 * Starts runs on the durable function through its alias ARN (durable functions refuse unqualified
 * ARNs), asynchronously (`Event`: Lambda queues it, with its own retries and maximum event age),
 * with the run id as the execution's name, so that one run id is at most one execution.
 */
const lambdaRunStarter = (functionArn: string, client = new LambdaClient(CLIENT_CONFIG)): StartRun => {
  const encoder = new TextEncoder();
  return async (input: AsyncRunInput) => {
    try {
      await client.send(
        new InvokeCommand({
          FunctionName: functionArn,
          InvocationType: 'Event',
          DurableExecutionName: input.runId,
          Payload: encoder.encode(JSON.stringify(input)),
        }),
      );
    } catch (error) {
      if (!isAlreadyStarted(error)) throw error;
    }
  };
};

export { lambdaRunStarter };
