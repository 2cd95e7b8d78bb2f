import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { BasePersistenceLayer, IdempotencyRecord } from '@aws-lambda-powertools/idempotency/persistence';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import type { Context } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { Problem } from '../../../lambda/http/problem';
import { createDynamoDbPersistence } from '../../../lambda/idempotency/dynamodb-persistence';
import { createGuardedRun } from '../../../lambda/idempotency/guarded-run';
import { MemoryPersistenceLayer } from '../../../lambda/idempotency/memory-persistence';
import type { GuardedRunResult, GuardRequest, GuardVerdict } from '../../../lambda/idempotency/run-guard';
import type { ImportJob } from '../../../lambda/import-job';
import type { AttemptFailure } from '../../../lambda/which50/attempt';
import type { AttemptReport, UpstreamObserver } from '../../../lambda/which50/client';
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
const aKey = (): string => `api-key/key:${randomUUID()}`;

/** The invocation's own observer: keeps what the run's attempts report. */
const aRecordingObserver = () => {
  const reports: AttemptReport[] = [];
  const observer: UpstreamObserver = { attempted: (report) => reports.push(report) };
  return { observer, reports };
};

/** One keyed call to guard; reading the job's status is a failure unless a test gives a reader. */
const aGuardRequest = (overrides: Partial<GuardRequest> & { readonly key?: string } = {}) => ({
  key: aKey(),
  command: aRunCommand(),
  context: aContext(),
  observer: aRecordingObserver().observer,
  readJob: async (): Promise<ImportJob> => {
    throw new Error('the job status was not expected to be read');
  },
  ...overrides,
});

/** A POST attempt, as the Which50 client reports it: answered with `status`, after `ms`. */
const aPostAnswered = (status: number, ms = 0): AttemptReport => ({
  kind: 'answer',
  status,
  retryAfter: null,
  method: 'POST',
  ms,
});

/** A POST attempt that got no whole answer. */
const aPostFailed = (failure: AttemptFailure, ms = 0): AttemptReport => ({
  kind: 'failure',
  failure,
  method: 'POST',
  ms,
});

/** A run whose attempts end as `reports` say, and which then fails with `problem`. */
const aRunEndingIn =
  (reports: readonly AttemptReport[], problem = new Problem(502, 'Upstream failed', 'Which50 answered 500.')) =>
  async (observer: UpstreamObserver): Promise<ImportJob> => {
    for (const report of reports) observer.attempted(report);
    throw problem;
  };

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
    const result = await guardedRun(aGuardRequest(), upstream.run);

    // Assert
    expect(result).toEqual({ importJob: anImportJob(1), replayed: false });
    expect(upstream.runs).toBe(1);
  });

  it('answers a completed duplicate with the first ImportJob, marked replayed, without running again', async () => {
    // Arrange
    const guardedRun = aGuardedRun();
    const upstream = anUpstream();
    const request = aGuardRequest();
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
    const request = aGuardRequest();
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
    await guardedRun(aGuardRequest({ key }), upstream.run);

    // Act
    const problem = await problemRejectedBy(() =>
      guardedRun(aGuardRequest({ key, command: aRunCommand({ customEvents: ['SendInvite'] }) }), upstream.run),
    );

    // Assert
    expect(problem.status).toBe(422);
    expect(upstream.runs).toBe(1);
  });

  it.each([
    ['no POST was sent', []],
    ['Which50 answered 429', [aPostAnswered(429), aPostAnswered(429)]],
    ['Which50 answered 503', [aPostAnswered(503)]],
    ['Which50 refused the run (422)', [aPostAnswered(422)]],
    ['Which50 answered 401 twice', [aPostAnswered(401), aPostAnswered(401)]],
    ['the connection was refused', [aPostFailed('unreachable')]],
    ['the kept-alive socket was found closed', [aPostFailed('stale'), aPostFailed('unreachable')]],
    ['the address could not be used', [aPostFailed('unusable')]],
  ])('passes the problem on and frees the key when %s, so a retry runs again', async (_case, reports) => {
    // Arrange
    const guardedRun = aGuardedRun();
    const upstream = anUpstream();
    const request = aGuardRequest();
    const failure = await problemRejectedBy(() => guardedRun(request, aRunEndingIn(reports)));

    // Act
    const retry = await guardedRun(request, upstream.run);

    // Assert
    expect(failure.status).toBe(502);
    expect(retry).toEqual({ importJob: anImportJob(1), replayed: false });
  });

  it.each([
    ['Which50 answered 500', [aPostAnswered(500)]],
    ['Which50 answered 502', [aPostAnswered(502)]],
    ['Which50 answered 504', [aPostAnswered(504)]],
    ['Which50 answered 200 with a body that would not read', [aPostAnswered(200)]],
    ['the POST timed out after sending', [aPostFailed('timed-out')]],
    ['the connection was reset after sending', [aPostFailed('reset')]],
    ['the answer was too large to read', [aPostFailed('too-large')]],
    ['a 503 was retried and then timed out', [aPostAnswered(503), aPostFailed('timed-out')]],
  ])('keeps the key when %s: a duplicate never runs', async (_case, reports) => {
    // Arrange
    const guardedRun = aGuardedRun();
    const upstream = anUpstream();
    const key = aKey();
    await problemRejectedBy(() => guardedRun(aGuardRequest({ key }), aRunEndingIn(reports)));

    // Act
    const duplicate = await problemRejectedBy(() => guardedRun(aGuardRequest({ key }), upstream.run));

    // Assert
    expect(duplicate.status).toBe(409);
    expect(upstream.runs).toBe(0);
  });

  it('passes the run’s attempts on to the invocation’s observer', async () => {
    // Arrange
    const guardedRun = aGuardedRun();
    const { observer, reports } = aRecordingObserver();
    const attempts = [aPostAnswered(503), aPostFailed('reset')];

    // Act
    await problemRejectedBy(() => guardedRun(aGuardRequest({ observer }), aRunEndingIn(attempts)));

    // Assert
    expect(reports).toEqual(attempts);
  });

  it('runs a completed key again once its record has expired', async () => {
    // Arrange
    const guardedRun = aGuardedRun(1);
    const upstream = anUpstream();
    const request = aGuardRequest();
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
    void guardedRun(aGuardRequest({ key, context: aContext(1) }), async () => {
      await stuck.opened;
      return anImportJob();
    }).catch(() => {});
    await sleep(50);

    // Act
    const result = await guardedRun(aGuardRequest({ key }), upstream.run);

    // Assert
    expect(result.replayed).toBe(false);
    expect(upstream.runs).toBe(1);
    stuck.open();
  });

  describe('after a run whose fate is unknown (its POST may have reached Which50)', () => {
    /** When the first POST went out; the clock is held there, so the first POST's time is exact. */
    let firstPostAt: number;
    /** The job as its status route shows it, started `ms` after the first POST (or not at all). */
    const aJobStarted = (ms: number | null): ImportJob => ({
      ...anImportJob(7),
      startDate: ms === null ? null : new Date(firstPostAt + ms).toISOString(),
    });
    /** A status reader that counts its reads. */
    const aStatusReader = (job: ImportJob) => vi.fn(async () => job);

    beforeEach(() => {
      firstPostAt = Date.now();
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(firstPostAt);
    });

    afterEach(() => {
      vi.useRealTimers();
    });

    /** Runs a first attempt whose POST got a 500, and hands back its key and what it answered. */
    const aFirstAttemptOfUnknownFate = async (guardedRun: ReturnType<typeof aGuardedRun>) => {
      const key = aKey();
      const verdicts: GuardVerdict[] = [];
      const failure = await problemRejectedBy(() =>
        guardedRun(
          aGuardRequest({ key, decided: (verdict) => verdicts.push(verdict) }),
          aRunEndingIn([aPostAnswered(500)]),
        ),
      );
      return { key, failure, verdicts };
    };

    it('answers the first attempt’s own problem and says the key is kept', async () => {
      // Act
      const { failure, verdicts } = await aFirstAttemptOfUnknownFate(aGuardedRun());

      // Assert
      expect(failure.status).toBe(502);
      expect(verdicts).toEqual(['kept-unknown']);
    });

    it('never runs a duplicate: it answers the job read from the status route, replayed, when its start shows the run', async () => {
      // Arrange
      const guardedRun = aGuardedRun();
      const upstream = anUpstream();
      const { key } = await aFirstAttemptOfUnknownFate(guardedRun);
      const started = aJobStarted(3_000);
      const verdicts: GuardVerdict[] = [];

      // Act
      const duplicate = await guardedRun(
        aGuardRequest({ key, readJob: aStatusReader(started), decided: (verdict) => verdicts.push(verdict) }),
        upstream.run,
      );

      // Assert
      expect(duplicate).toEqual({ importJob: started, replayed: true });
      expect(verdicts).toEqual(['replayed']);
      expect(upstream.runs).toBe(0);
    });

    it('makes the record completed once the status showed the run, so a later duplicate reads nothing', async () => {
      // Arrange
      const guardedRun = aGuardedRun();
      const upstream = anUpstream();
      const { key } = await aFirstAttemptOfUnknownFate(guardedRun);
      const started = aJobStarted(3_000);
      await guardedRun(aGuardRequest({ key, readJob: aStatusReader(started) }), upstream.run);
      const laterReader = aStatusReader(aJobStarted(null));

      // Act
      const later = await guardedRun(aGuardRequest({ key, readJob: laterReader }), upstream.run);

      // Assert
      expect(later).toEqual({ importJob: started, replayed: true });
      expect(laterReader).not.toHaveBeenCalled();
      expect(upstream.runs).toBe(0);
    });

    it.each([
      ['no start date', null],
      ['a start a day before the first POST (an earlier run)', -86_400_000],
      ['a start 60.001 s before the first POST', -60_001],
    ])(
      'refuses a duplicate whose job shows %s with 409 run-outcome-unknown, sending nothing',
      async (_case, startedAfterMs) => {
        // Arrange
        const guardedRun = aGuardedRun();
        const upstream = anUpstream();
        const { key } = await aFirstAttemptOfUnknownFate(guardedRun);
        const job = aJobStarted(startedAfterMs);
        const verdicts: GuardVerdict[] = [];

        // Act
        const problem = await problemRejectedBy(() =>
          guardedRun(
            aGuardRequest({ key, readJob: aStatusReader(job), decided: (verdict) => verdicts.push(verdict) }),
            upstream.run,
          ),
        );

        // Assert
        expect(problem.status).toBe(409);
        expect(problem.title).toBe('Run outcome unknown');
        expect(problem.headers['Retry-After']).toBe('30');
        expect(problem.extra.importJob).toEqual(job);
        expect(verdicts).toEqual(['outcome-unknown']);
        expect(upstream.runs).toBe(0);
      },
    );

    it('counts a start exactly 60 s before the first POST as the run (clock skew)', async () => {
      // Arrange
      const guardedRun = aGuardedRun();
      const { key } = await aFirstAttemptOfUnknownFate(guardedRun);
      const started = aJobStarted(-60_000);

      // Act
      const duplicate = await guardedRun(aGuardRequest({ key, readJob: aStatusReader(started) }), anUpstream().run);

      // Assert
      expect(duplicate).toEqual({ importJob: started, replayed: true });
    });

    it('dates the run by its first POST’s send time, not by when its last attempt ended', async () => {
      // Arrange: the POST took 20 s to time out; the job started 15 s before the attempt was reported
      const guardedRun = aGuardedRun();
      const key = aKey();
      await problemRejectedBy(() =>
        guardedRun(aGuardRequest({ key }), aRunEndingIn([aPostFailed('timed-out', 20_000)])),
      );
      const started = aJobStarted(-75_000);

      // Act
      const duplicate = await guardedRun(aGuardRequest({ key, readJob: aStatusReader(started) }), anUpstream().run);

      // Assert
      expect(duplicate.replayed).toBe(true);
    });

    it('refuses a duplicate with 409 and no ImportJob when the status cannot be read', async () => {
      // Arrange
      const guardedRun = aGuardedRun();
      const upstream = anUpstream();
      const { key } = await aFirstAttemptOfUnknownFate(guardedRun);
      const unreadable = async (): Promise<ImportJob> => {
        throw new Problem(504, 'Upstream timed out', 'Which50 did not answer in time.');
      };

      // Act
      const problem = await problemRejectedBy(() =>
        guardedRun(aGuardRequest({ key, readJob: unreadable }), upstream.run),
      );

      // Assert
      expect(problem.status).toBe(409);
      expect(problem.title).toBe('Run outcome unknown');
      expect(problem.extra).not.toHaveProperty('importJob');
      expect(upstream.runs).toBe(0);
    });

    it('keeps refusing while the status does not show the run, and replays once it does', async () => {
      // Arrange
      const guardedRun = aGuardedRun();
      const upstream = anUpstream();
      const { key } = await aFirstAttemptOfUnknownFate(guardedRun);
      await problemRejectedBy(() =>
        guardedRun(aGuardRequest({ key, readJob: aStatusReader(aJobStarted(null)) }), upstream.run),
      );
      const started = aJobStarted(5_000);

      // Act
      const later = await guardedRun(aGuardRequest({ key, readJob: aStatusReader(started) }), upstream.run);

      // Assert
      expect(later).toEqual({ importJob: started, replayed: true });
      expect(upstream.runs).toBe(0);
    });

    it('still refuses the key reused with another command with 422, reading nothing', async () => {
      // Arrange
      const guardedRun = aGuardedRun();
      const { key } = await aFirstAttemptOfUnknownFate(guardedRun);
      const reader = aStatusReader(aJobStarted(3_000));

      // Act
      const problem = await problemRejectedBy(() =>
        guardedRun(
          aGuardRequest({ key, command: aRunCommand({ customEvents: ['SendInvite'] }), readJob: reader }),
          anUpstream().run,
        ),
      );

      // Assert
      expect(problem.status).toBe(422);
      expect(reader).not.toHaveBeenCalled();
    });
  });

  it('runs requests with different keys independently', async () => {
    // Arrange
    const guardedRun = aGuardedRun();
    const upstream = anUpstream();

    // Act
    await guardedRun(aGuardRequest(), upstream.run);
    await guardedRun(aGuardRequest(), upstream.run);

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
    await guardedRun(aGuardRequest({ key }), async () => anImportJob());

    // Assert
    const item = await storedItem(store, key);
    expect(item?.id?.S).toMatch(/^run-import#/);
    expect(item?.id?.S).not.toContain(key);
    expect(Number(item?.expiration?.N)).toBeGreaterThanOrEqual(before + TTL_SECONDS);
    expect(Number(item?.expiration?.N)).toBeLessThanOrEqual(before + TTL_SECONDS + 2);
    expect(item?.status?.S).toBe('COMPLETED');
    expect(JSON.parse(item?.data?.S ?? 'null')).toEqual(anImportJob());
  });

  it('keeps an unknown outcome as the first POST’s send time, completed, so that no retry can claim the key', async () => {
    // Arrange
    const store = dynamoDb.makeStore();
    const guardedRun = createGuardedRun(store, TTL_SECONDS);
    const key = aKey();
    const before = Date.now();

    // Act
    await problemRejectedBy(() => guardedRun(aGuardRequest({ key }), aRunEndingIn([aPostFailed('timed-out', 1_500)])));

    // Assert
    const item = await storedItem(store, key);
    const since = JSON.parse(item?.data?.S ?? 'null')?.runOutcomeUnknownSince as number;
    expect(item?.status?.S).toBe('COMPLETED');
    expect(since).toBeGreaterThanOrEqual(before - 1_500);
    expect(since).toBeLessThanOrEqual(Date.now() - 1_500);
  });

  it('answers 503 and runs nothing when the table cannot be written', async () => {
    // Arrange
    const guardedRun = createGuardedRun(createDynamoDbPersistence('no-such-idempotency-table'), TTL_SECONDS);
    const upstream = anUpstream();

    // Act
    const problem = await problemRejectedBy(() => guardedRun(aGuardRequest(), upstream.run));

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
    const result = await guardedRun(aGuardRequest(), async () => anImportJob());

    // Assert
    expect(result).toEqual({ importJob: anImportJob(), replayed: false });
  });

  it('still answers a failed run’s own problem', async () => {
    // Arrange
    const guardedRun = createGuardedRun(new StoreFailingAfterRun(), TTL_SECONDS);

    // Act
    const problem = await problemRejectedBy(() =>
      guardedRun(aGuardRequest(), async () => {
        throw new Problem(504, 'Upstream timed out', 'Which50 did not answer in time.');
      }),
    );

    // Assert
    expect(problem.status).toBe(504);
  });
});
