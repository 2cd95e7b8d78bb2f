import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoDbRunRecords, RUN_RECORD_TTL_SECONDS } from '../../../lambda/runs/dynamodb-run-records';
import { memoryRunRecords } from '../../../lambda/runs/memory-run-records';
import type { RunRecordStore } from '../../../lambda/runs/run-record';
import { type LocalDynamoDb, startLocalDynamoDb } from '../../support/local-dynamodb';
import { anImportJob, aRunRecord } from '../../support/run-record-factories';

let dynamoDb: LocalDynamoDb;

beforeAll(async () => {
  dynamoDb = await startLocalDynamoDb();
  process.env.AWS_ENDPOINT_URL_DYNAMODB = dynamoDb.url;
});
afterAll(async () => {
  delete process.env.AWS_ENDPOINT_URL_DYNAMODB;
  await dynamoDb.close();
});

const stores: readonly [string, () => RunRecordStore][] = [
  ['memory', memoryRunRecords],
  ['DynamoDB (dynalite)', () => dynamoDbRunRecords(dynamoDb.runsTableName)],
];

describe.each(stores)('the %s run records', (_name, makeStore) => {
  it('reads back a created record as it was written', async () => {
    // Arrange
    const store = makeStore();
    const record = aRunRecord();

    // Act
    const created = await store.create(record);

    // Assert
    expect(created).toEqual({ created: true });
    expect(await store.read(record.runId)).toEqual(record);
  });

  it('keeps the first record when a run id is created twice, and answers it to the second', async () => {
    // Arrange
    const store = makeStore();
    const first = aRunRecord();
    await store.create(first);

    // Act
    const second = await store.create({ ...first, fingerprint: 'sha256:another-payload' });

    // Assert
    expect(second).toEqual({ created: false, existing: first });
    expect(await store.read(first.runId)).toEqual(first);
  });

  it('answers undefined for a run it does not hold', async () => {
    // Arrange
    const store = makeStore();

    // Act
    const record = await store.read('run-never-created');

    // Assert
    expect(record).toBeUndefined();
  });

  it('changes only the updated fields, and when it was updated', async () => {
    // Arrange
    const store = makeStore();
    const record = aRunRecord();
    await store.create(record);
    const importJob = anImportJob({ progressPercent: 100, finishDate: '2026-12-02T10:05:00.000Z' });
    const callback = { host: 'hooks.example.com', attempts: 2, lastStatus: 500 };

    // Act
    await store.update(record.runId, { status: 'calling-back', importJob, callback });

    // Assert
    const stored = await store.read(record.runId);
    expect(stored).toEqual({ ...record, status: 'calling-back', importJob, callback, updatedAt: stored?.updatedAt });
    expect(Date.parse(stored?.updatedAt ?? '')).toBeGreaterThan(Date.parse(record.updatedAt));
  });

  it('refuses to update a run it does not hold, and creates nothing', async () => {
    // Arrange
    const store = makeStore();

    // Act
    const update = store.update('run-never-created', { status: 'running' });

    // Assert
    await expect(update).rejects.toThrow('No run record run-never-created');
    expect(await store.read('run-never-created')).toBeUndefined();
  });
});

describe('the DynamoDB run records', () => {
  it('stamp each record with its expiry, in epoch seconds, for the table’s TTL', async () => {
    // Arrange
    const store = dynamoDbRunRecords(dynamoDb.runsTableName);
    const record = aRunRecord();

    // Act
    await store.create(record);

    // Assert
    const { Item } = await dynamoDb.client.send(
      new GetItemCommand({ TableName: dynamoDb.runsTableName, Key: { runId: { S: record.runId } } }),
    );
    expect(Number(Item?.expiresAt?.N)).toBe(Date.parse(record.acceptedAt) / 1_000 + RUN_RECORD_TTL_SECONDS);
  });
});
