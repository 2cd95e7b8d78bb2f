import type { AsyncRunParts } from '../adapter';
import type { AdapterConfig } from '../config';
import { misconfigured } from '../http/problem';
import { dynamoDbRunRecords } from './dynamodb-run-records';
import { lambdaRunStarter } from './lambda-run-starter';
import { memoryRunRecords } from './memory-run-records';
import type { StartRun } from './run-starter';

const noStarter: StartRun = async () => {
  throw misconfigured('Environment variable RUNS_FUNCTION_ARN is not set; async runs need it.');
};

/**
 * The deployed API function's async parts: run records in the DynamoDB table `RUNS_TABLE_NAME` (in
 * memory without one), runs started on the durable function's alias `RUNS_FUNCTION_ARN`. Without
 * the ARN an async run answers the 500 naming it, while a status read still works.
 */
const deployedAsyncRuns = (config: AdapterConfig): AsyncRunParts => ({
  runRecords: config.runsTableName === undefined ? memoryRunRecords() : dynamoDbRunRecords(config.runsTableName),
  startRun: config.runsFunctionArn === undefined ? noStarter : lambdaRunStarter(config.runsFunctionArn),
});

export { deployedAsyncRuns };
