import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { BasePersistenceLayer, IdempotencyRecord } from '@aws-lambda-powertools/idempotency/persistence';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Problem } from '../../../lambda/http/problem';
import { createDynamoDbPersistence } from '../../../lambda/idempotency/dynamodb-persistence';
import { createGuardedRun } from '../../../lambda/idempotency/guarded-run';
import { MemoryPersistenceLayer } from '../../../lambda/idempotency/memory-persistence';
import type { GuardedRunResult } from '../../../lambda/idempotency/run-guard';
import type { ImportJob } from '../../../lambda/import-job';
import { aRunCommand, problemRejectedBy } from '../../support/factories';
import { type LocalDynamoDb, startLocalDynamoDb } from '../../support/local-dynamodb';

const TTL_SECONDS = 3_600;

/** A Lambda context with `remainingMs` left, as the platform passes it. */
const aContext = (remainingMs = 28_000): Context =>
  ({ getRemainingTimeInMillis: () => remainingMs }) as unknown as Context;

/** An ImportJob as the upstream run answers it; `totalContacts` tells one run's answer from another's. */
const anImportJob = (totalContacts = 3): ImportJob => ({
  id: 2,
  contactListId: 1,
  currentStatus: 'Finished',
  progressPercent: 100,
  startDate: '2026-11-26T10:00:00.000Z',
  finishDate: null,
  invalidEmailCount: 0,
  invalidSmsCount: null,
  insertedContacts: totalContacts,
  updatedContacts: 0,
  droppedContacts: 0,
  notUpdatedContacts: 0,
  totalContacts,
});

/** An upstream stand-in that counts its runs and answers each with a different ImportJob. */
const anUpstream = () => {
  let runs = 0;
  return {
    get runs() {
      return runs;
    },
    run: async (): Promise<ImportJob> => {
      runs += 1;
      return anImportJob(runs);
    },
  };
};

/** A promise a test resolves when it chooses, to hold a run in progress. */
const aGate = () => {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
};

type Outcome = { readonly result: GuardedRunResult } | { readonly problem: Problem };

/** Records how a call ended, in the order calls end, without leaving a rejection unhandled. */
const outcomeOf = (call: Promise<GuardedRunResult>, outcomes: Outcome[]): Promise<void> =>
  call.then(
    (result) => {
      outcomes.push({ result });
    },
    (problem: Problem) => {
      outcomes.push({ problem });
    },
  );

/** A key no other test uses, so tests sharing a table cannot meet. */
const aKey = (): string => `key:${randomUUID()}`;

/** Waits until a record written now with a TTL of `ttlSeconds` has expired (its expiry is rounded to the second). */
const outliveTtl = (ttlSeconds: number) => sleep(ttlSeconds * 1000 + 700);

interface Backend {
  readonly name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  makeStore(): BasePersistenceLayer;
}

const memoryBackend = (): Backend => ({
  name: 'in memory',
  start: async () => {},
  stop: async () => {},
  makeStore: () => new MemoryPersistenceLayer(),
});

const dynamoDbBackend = (): Backend & { readonly local: () => LocalDynamoDb } => {
  let local: LocalDynamoDb | undefined;
  return {
    name: 'in DynamoDB (dynalite on loopback)',
    start: async () => {
      local = await startLocalDynamoDb();
      vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', local.url);
    },
    stop: async () => {
      vi.unstubAllEnvs();
      await local?.close();
    },
    makeStore: () => createDynamoDbPersistence((local as LocalDynamoDb).tableName),
    local: () => local as LocalDynamoDb,
  };
};

const dynamoDb = dynamoDbBackend();

describe.each([memoryBackend(), dynamoDb])('a guarded run with records $name', (backend) => {
  beforeAll(() => backend.start());
  afterAll(() => backend.stop());

  const aGuardedRun = (ttlSeconds = TTL_SECONDS) => createGuardedRun(backend.makeStore(), ttlSeconds);

  it('runs the first request with a key and says it is no replay', async () => {
    // Arrange
    const guardedRun = aGuardedRun();
    const upstream = anUpstream();

    // Act
    const result = await guardedRun({ key: aKey(), command: aRunCommand(), context: aContext() }, upstream.run);

    // Assert
    expect(result).toEqual({ importJob: anImportJob(1), replayed: false });
    expect(upstream.runs).toBe(1);
  });

  it('answers a completed duplicate with the first ImportJob, marked replayed, without running again', async () => {
    // Arrange
    const guardedRun = aGuardedRun();
    const upstream = anUpstream();
    const request = { key: aKey(), command: aRunCommand(), context: aContext() };
    await guardedRun(request, upstream.run);

    // Act
    const duplicate = await guardedRun(request, upstream.run);

    // Assert
    expect(duplicate).toEqual({ importJob: anImportJob(1), replayed: true });
    expect(Object.keys(duplicate.importJob)).toEqual(Object.keys(anImportJob()));
    expect(upstream.runs).toBe(1);
  });

  it('lets 1 of 20 concurrent duplicates run and refuses the other 19 with 409 while it is in progress', async () => {
    // Arrange
    const guardedRun = aGuardedRun();
    const upstream = anUpstream();
    const gate = aGate();
    const heldRun = async () => {
      await gate.opened;
      return upstream.run();
    };
    const request = { key: aKey(), command: aRunCommand(), context: aContext() };
    const outcomes: Outcome[] = [];

    // Act
    const calls = Array.from({ length: 20 }, () => outcomeOf(guardedRun(request, heldRun), outcomes));
    await vi.waitFor(() => expect(outcomes).toHaveLength(19), { timeout: 10_000 });
    gate.open();
    await Promise.all(calls);

    // Assert
    const answered = outcomes.flatMap((outcome) => ('result' in outcome ? [outcome.result] : []));
    const refused = outcomes.flatMap((outcome) => ('problem' in outcome ? [outcome.problem] : []));
    expect(answered.map((result) => result.replayed)).toEqual([false]);
    expect(refused).toHaveLength(19);
    expect(refused.every((problem) => problem.status === 409 && problem.headers['Retry-After'] !== undefined)).toBe(
      true,
    );
    expect(upstream.runs).toBe(1);
  });

  it('refuses the key reused with another command with 422, without running', async () => {
    // Arrange
    const guardedRun = aGuardedRun();
    const upstream = anUpstream();
    const key = aKey();
    await guardedRun({ key, command: aRunCommand(), context: aContext() }, upstream.run);

    // Act
    const problem = await problemRejectedBy(() =>
      guardedRun({ key, command: aRunCommand({ customEvents: ['SendInvite'] }), context: aContext() }, upstream.run),
    );

    // Assert
    expect(problem.status).toBe(422);
    expect(upstream.runs).toBe(1);
  });

  it('passes a failed run’s problem on and frees the key, so a retry runs again', async () => {
    // Arrange
    const guardedRun = aGuardedRun();
    const upstream = anUpstream();
    const request = { key: aKey(), command: aRunCommand(), context: aContext() };
    const failing = async (): Promise<ImportJob> => {
      throw new Problem(502, 'Upstream failed', 'Which50 answered 500.');
    };
    const failure = await problemRejectedBy(() => guardedRun(request, failing));

    // Act
    const retry = await guardedRun(request, upstream.run);

    // Assert
    expect(failure.status).toBe(502);
    expect(retry).toEqual({ importJob: anImportJob(1), replayed: false });
  });

  it('runs a completed key again once its record has expired', async () => {
    // Arrange
    const guardedRun = aGuardedRun(1);
    const upstream = anUpstream();
    const request = { key: aKey(), command: aRunCommand(), context: aContext() };
    await guardedRun(request, upstream.run);
    await outliveTtl(1);

    // Act
    const again = await guardedRun(request, upstream.run);

    // Assert
    expect(again).toEqual({ importJob: anImportJob(2), replayed: false });
  });

  it('runs a key again when the invocation that held it in progress has run out of time', async () => {
    // Arrange
    const guardedRun = aGuardedRun();
    const upstream = anUpstream();
    const key = aKey();
    const stuck = aGate();
    void guardedRun({ key, command: aRunCommand(), context: aContext(1) }, async () => {
      await stuck.opened;
      return anImportJob();
    }).catch(() => {});
    await sleep(50);

    // Act
    const result = await guardedRun({ key, command: aRunCommand(), context: aContext() }, upstream.run);

    // Assert
    expect(result.replayed).toBe(false);
    expect(upstream.runs).toBe(1);
    stuck.open();
  });

  it('runs requests with different keys independently', async () => {
    // Arrange
    const guardedRun = aGuardedRun();
    const upstream = anUpstream();

    // Act
    await guardedRun({ key: aKey(), command: aRunCommand(), context: aContext() }, upstream.run);
    await guardedRun({ key: aKey(), command: aRunCommand(), context: aContext() }, upstream.run);

    // Assert
    expect(upstream.runs).toBe(2);
  });
});

describe('a guarded run’s record in DynamoDB', () => {
  beforeAll(() => dynamoDb.start());
  afterAll(() => dynamoDb.stop());

  /** The item the store keeps for `key` and the default run command, read straight from the table. */
  const storedItem = async (store: BasePersistenceLayer, key: string) => {
    const { contactListId, importJobId } = aRunCommand();
    const record: IdempotencyRecord = await store.getRecord({
      key,
      command: { contactListId, importJobId, customEvents: [] },
    });
    const { Item } = await dynamoDb
      .local()
      .client.send(
        new GetItemCommand({ TableName: dynamoDb.local().tableName, Key: { id: { S: record.idempotencyKey } } }),
      );
    return Item;
  };

  it('keeps the ImportJob only, keyed by id, expiring at `expiration` after the TTL', async () => {
    // Arrange
    const store = dynamoDb.makeStore();
    const guardedRun = createGuardedRun(store, TTL_SECONDS);
    const key = aKey();
    const before = Math.floor(Date.now() / 1000);

    // Act
    await guardedRun({ key, command: aRunCommand(), context: aContext() }, async () => anImportJob());

    // Assert
    const item = await storedItem(store, key);
    expect(item?.id?.S).toMatch(/^run-import#/);
    expect(item?.id?.S).not.toContain(key);
    expect(Number(item?.expiration?.N)).toBeGreaterThanOrEqual(before + TTL_SECONDS);
    expect(Number(item?.expiration?.N)).toBeLessThanOrEqual(before + TTL_SECONDS + 2);
    expect(item?.status?.S).toBe('COMPLETED');
    expect(JSON.parse(item?.data?.S ?? 'null')).toEqual(anImportJob());
  });

  it('answers 503 and runs nothing when the table cannot be written', async () => {
    // Arrange
    const guardedRun = createGuardedRun(createDynamoDbPersistence('no-such-idempotency-table'), TTL_SECONDS);
    const upstream = anUpstream();

    // Act
    const problem = await problemRejectedBy(() =>
      guardedRun({ key: aKey(), command: aRunCommand(), context: aContext() }, upstream.run),
    );

    // Assert
    expect(problem.status).toBe(503);
    expect(upstream.runs).toBe(0);
  });
});

describe('a guarded run whose store fails after the run', () => {
  /** A memory store whose writes after the run (saving the answer, releasing the key) fail. */
  class StoreFailingAfterRun extends MemoryPersistenceLayer {
    protected override async _updateRecord(): Promise<void> {
      throw new Error('store down');
    }

    protected override async _deleteRecord(): Promise<void> {
      throw new Error('store down');
    }
  }

  it('still answers the ImportJob of a run that happened', async () => {
    // Arrange
    const guardedRun = createGuardedRun(new StoreFailingAfterRun(), TTL_SECONDS);

    // Act
    const result = await guardedRun({ key: aKey(), command: aRunCommand(), context: aContext() }, async () =>
      anImportJob(),
    );

    // Assert
    expect(result).toEqual({ importJob: anImportJob(), replayed: false });
  });

  it('still answers a failed run’s own problem', async () => {
    // Arrange
    const guardedRun = createGuardedRun(new StoreFailingAfterRun(), TTL_SECONDS);

    // Act
    const problem = await problemRejectedBy(() =>
      guardedRun({ key: aKey(), command: aRunCommand(), context: aContext() }, async () => {
        throw new Problem(504, 'Upstream timed out', 'Which50 did not answer in time.');
      }),
    );

    // Assert
    expect(problem.status).toBe(504);
  });
});
