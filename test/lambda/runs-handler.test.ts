import { LocalDurableTestRunner } from '@aws/durable-execution-sdk-js-testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { demoSecret } from '../../dev/demo-secret';
import { type SecretsManagerEndpoint, startSecretsManagerEndpoint } from '../../dev/secrets-manager-endpoint';
import { startWhich50Sandbox, type Which50Sandbox } from '../../dev/which50-sandbox';
import type { AsyncRunOutcome } from '../../lambda/runs/async-run';
import { dynamoDbRunRecords } from '../../lambda/runs/dynamodb-run-records';
import type { RunRecordStore } from '../../lambda/runs/run-record';
import { type LocalDynamoDb, startLocalDynamoDb } from '../support/local-dynamodb';
import { anAsyncRunInput, aRunRecord } from '../support/run-record-factories';

describe('the durable function’s entry', () => {
  let sandbox: Which50Sandbox;
  let secretsManager: SecretsManagerEndpoint;
  let dynamoDb: LocalDynamoDb;
  let runRecords: RunRecordStore;
  let runner: LocalDurableTestRunner<AsyncRunOutcome>;

  beforeAll(async () => {
    [sandbox, secretsManager, dynamoDb] = await Promise.all([
      startWhich50Sandbox(),
      startSecretsManagerEndpoint(),
      startLocalDynamoDb(),
    ]);
    Object.assign(process.env, {
      SECRET_ID: secretsManager.putSecret('which50-runs', JSON.stringify(demoSecret(sandbox.baseUrl))),
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secretsManager.url,
      AWS_ENDPOINT_URL_DYNAMODB: dynamoDb.url,
      ALLOW_HTTP_UPSTREAM: 'true',
      RUNS_TABLE_NAME: dynamoDb.runsTableName,
    });
    runRecords = dynamoDbRunRecords(dynamoDb.runsTableName);
    await LocalDurableTestRunner.setupTestEnvironment({ skipTime: true });
    const { handler } = await import('../../lambda/runs-handler');
    runner = new LocalDurableTestRunner<AsyncRunOutcome>({ handlerFunction: handler });
  });
  afterAll(async () => {
    await Promise.all([sandbox.close(), secretsManager.close(), dynamoDb.close()]);
    await LocalDurableTestRunner.teardownTestEnvironment();
  });
  beforeEach(() => {
    sandbox.reset();
    runner.reset();
  });

  it('runs an accepted run once, with the secret from Secrets Manager, and keeps its status in DynamoDB', async () => {
    // Arrange
    const record = aRunRecord();
    await runRecords.create(record);

    // Act
    const execution = await runner.run({ payload: anAsyncRunInput(record) });

    // Assert
    expect(execution.getStatus()).toBe('SUCCEEDED');
    expect(sandbox.runRequests()).toHaveLength(1);
    expect(secretsManager.fetches).toBeGreaterThanOrEqual(1);
    expect(await runRecords.read(record.runId)).toMatchObject({
      status: 'succeeded',
      importJob: { id: 2, contactListId: 1, progressPercent: 100 },
    });
  });

  it('still runs a run whose record is missing, once, and ends it', async () => {
    // Arrange
    const record = aRunRecord();

    // Act
    const execution = await runner.run({ payload: anAsyncRunInput(record) });

    // Assert
    expect(execution.getStatus()).toBe('SUCCEEDED');
    expect(execution.getResult()).toMatchObject({ runId: record.runId, status: 'succeeded' });
    expect(sandbox.runRequests()).toHaveLength(1);
    expect(await runRecords.read(record.runId)).toBeUndefined();
  });
});
