import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { writeLogLine } from '../observability/logger';
import type { GivenUpCallback } from './call-back';

/**
 * Where a callback given up after 24 h goes: a message on the SQS queue named by
 * `CALLBACK_DEAD_LETTER_QUEUE_URL` (the stack alarms on it), holding everything needed to send it
 * again by hand: the URL, the `webhook-id`, the body as signed, the attempts and the last status.
 * The client is made once, at init; without a queue (locally) an error line says so, naming only
 * the run and its attempts.
 */
const sqsDeadLetter = (queueUrl: string | undefined): ((callback: GivenUpCallback) => Promise<void>) => {
  if (queueUrl === undefined) {
    return ({ runId, attempts, lastStatus }) =>
      writeLogLine('error', 'Callback given up; no dead-letter queue is configured', { runId, attempts, lastStatus });
  }
  const sqs = new SQSClient({ maxAttempts: 3 });
  return async (callback) => {
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(callback) }));
    await writeLogLine('error', 'Callback given up; sent to the dead-letter queue', {
      runId: callback.runId,
      attempts: callback.attempts,
      lastStatus: callback.lastStatus,
    });
  };
};

export { sqsDeadLetter };
