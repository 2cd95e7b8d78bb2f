import { Duration, Validations } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

/**
 * A queue that only receives what could not be delivered or run: encrypted at rest (SQS-managed
 * keys, which Scheduler and Lambda destinations can write to without a key policy), TLS-only, and
 * kept for SQS's maximum of 14 days so that a failure found after a weekend can still be redriven.
 */
const createDeadLetterQueue = (scope: Construct, id: string, holds: string): Queue => {
  const queue = new Queue(scope, id, {
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  Validations.of(queue).acknowledge({
    id: 'AwsSolutions-SQS3',
    reason: `This queue is itself a dead-letter queue (it holds ${holds}); giving it a dead-letter queue of its own would only move the same messages one step further.`,
  });
  return queue;
};

export { createDeadLetterQueue };
