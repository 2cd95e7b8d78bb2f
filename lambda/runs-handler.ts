import { withDurableExecution } from '@aws/durable-execution-sdk-js';
import { readConfig } from './config';
import { misconfigured } from './http/problem';
import { configuredAsyncRun } from './runs/configured-async-run';
import { sqsDeadLetter } from './runs/dead-letter';
import { dynamoDbRunRecords } from './runs/dynamodb-run-records';
import { memoryRunRecords } from './runs/memory-run-records';
import { secretsManagerSource } from './secrets/secrets-manager-source';

const config = readConfig(process.env);
if (config.secretId === undefined) throw misconfigured('Environment variable SECRET_ID is not set.');
const loadSecret = secretsManagerSource(config.secretId, {
  maxAgeSeconds: config.secretCacheSeconds,
  staleSeconds: config.secretStaleSeconds,
  allowHttpUpstream: config.allowHttpUpstream,
});

/**
 * The durable function's entry (its own bundle: nothing of it loads on the API function's cold
 * start). Built once per execution environment from the environment: the secret from Secrets
 * Manager, the Which50 client (its connections and circuit breaker shared by the executions this
 * environment serves), the run records in `RUNS_TABLE_NAME` (memory without one), callbacks signed
 * with the secret's `outbound` part, and given-up callbacks sent to `CALLBACK_DEAD_LETTER_QUEUE_URL`.
 */
const handler = withDurableExecution(
  configuredAsyncRun(config, loadSecret, {
    runRecords: config.runsTableName === undefined ? memoryRunRecords() : dynamoDbRunRecords(config.runsTableName),
    giveUp: sqsDeadLetter(config.callbackDeadLetterQueueUrl),
  }),
);

export { handler };
