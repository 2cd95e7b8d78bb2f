import type { Context } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import { MemoryPersistenceLayer } from '../../../lambda/idempotency/memory-persistence';
import type { PersistenceLoader } from '../../../lambda/idempotency/persistence-stores';
import { createRunGuard, type GuardRequest } from '../../../lambda/idempotency/run-guard';
import type { ImportJob } from '../../../lambda/import-job';
import type { UpstreamObserver } from '../../../lambda/which50/client';
import { aRunCommand } from '../../support/factories';

const TTL_SECONDS = 3_600;
const A_CONTEXT = { getRemainingTimeInMillis: () => 28_000 } as unknown as Context;

const anImportJob = (): ImportJob => ({
  id: 2,
  contactListId: 1,
  currentStatus: 'Finished',
  progressPercent: 100,
  startDate: null,
  finishDate: null,
  invalidEmailCount: null,
  invalidSmsCount: null,
  insertedContacts: 3,
  updatedContacts: null,
  droppedContacts: null,
  notUpdatedContacts: null,
  totalContacts: 3,
});

/** A loader that counts how often the store is made. */
const aCountingLoader = () => vi.fn<PersistenceLoader>(async () => new MemoryPersistenceLayer());

const aRun = () => vi.fn(async () => anImportJob());

/** One call to guard, without a key unless a test gives one; reading the job's status is not expected. */
const aGuardRequest = (overrides: Partial<GuardRequest> = {}): GuardRequest => ({
  key: undefined,
  command: aRunCommand(),
  context: A_CONTEXT,
  readJob: vi.fn(async (): Promise<ImportJob> => {
    throw new Error('the job status was not expected to be read');
  }),
  observer: { attempted: () => {} },
  ...overrides,
});

describe('createRunGuard', () => {
  it('runs every request without a key, and never loads the store for them', async () => {
    // Arrange
    const loader = aCountingLoader();
    const guard = createRunGuard(loader, TTL_SECONDS);
    const run = aRun();
    const request = aGuardRequest();

    // Act
    const results = [await guard(request, run), await guard(request, run)];

    // Assert
    expect(results).toEqual([
      { importJob: anImportJob(), replayed: false },
      { importJob: anImportJob(), replayed: false },
    ]);
    expect(run).toHaveBeenCalledTimes(2);
    expect(loader).not.toHaveBeenCalled();
  });

  it('makes the store once, on the first request with a key, and reuses it', async () => {
    // Arrange
    const loader = aCountingLoader();
    const guard = createRunGuard(loader, TTL_SECONDS);
    const run = aRun();

    // Act
    await Promise.all(
      ['api-key/key:a', 'api-key/key:b', 'api-key/key:c'].map((key) => guard(aGuardRequest({ key }), run)),
    );

    // Assert
    expect(loader).toHaveBeenCalledTimes(1);
  });

  it('runs a key once, answering its duplicate from the store', async () => {
    // Arrange
    const guard = createRunGuard(aCountingLoader(), TTL_SECONDS);
    const run = aRun();
    const request = aGuardRequest({ key: 'standard-webhooks/webhook:msg_1' });
    await guard(request, run);

    // Act
    const duplicate = await guard(request, run);

    // Assert
    expect(duplicate.replayed).toBe(true);
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('tries to make the store again after a failed attempt, instead of failing every later request', async () => {
    // Arrange
    const loader = vi
      .fn<PersistenceLoader>()
      .mockRejectedValueOnce(new Error('cannot load'))
      .mockImplementation(async () => new MemoryPersistenceLayer());
    const guard = createRunGuard(loader, TTL_SECONDS);
    const request = aGuardRequest({ key: 'api-key/key:a' });
    await expect(guard(request, aRun())).rejects.toThrow('cannot load');

    // Act
    const result = await guard(request, aRun());

    // Assert
    expect(result.replayed).toBe(false);
    expect(loader).toHaveBeenCalledTimes(2);
  });

  it('settles a duplicate of a run of unknown fate from the job’s status, through the loaded store, without running', async () => {
    // Arrange
    const guard = createRunGuard(aCountingLoader(), TTL_SECONDS);
    const key = 'api-key/key:unknown-fate';
    const resetAfterSending = vi.fn(async (observer: UpstreamObserver): Promise<ImportJob> => {
      observer.attempted({ kind: 'failure', failure: 'reset', method: 'POST', ms: 40 });
      throw new Error('socket reset after the POST was sent');
    });
    await expect(guard(aGuardRequest({ key }), resetAfterSending)).rejects.toThrow('socket reset');
    const started = { ...anImportJob(), startDate: new Date().toISOString() };
    const run = aRun();

    // Act
    const duplicate = await guard(aGuardRequest({ key, readJob: async () => started }), run);

    // Assert
    expect(duplicate).toEqual({ importJob: started, replayed: true });
    expect(run).not.toHaveBeenCalled();
    expect(resetAfterSending).toHaveBeenCalledTimes(1);
  });

  it('hands a run without a key the invocation’s observer, and never reads the job’s status for it', async () => {
    // Arrange
    const guard = createRunGuard(aCountingLoader(), TTL_SECONDS);
    const request = aGuardRequest();
    const resetAfterSending = async (observer: UpstreamObserver): Promise<ImportJob> => {
      observer.attempted({ kind: 'failure', failure: 'reset', method: 'POST', ms: 40 });
      throw new Error('socket reset after the POST was sent');
    };
    const run = vi.fn(async (_observer: UpstreamObserver) => anImportJob());
    await expect(guard(request, resetAfterSending)).rejects.toThrow('socket reset');

    // Act
    const retry = await guard(request, run);

    // Assert
    expect(retry.replayed).toBe(false);
    expect(run).toHaveBeenCalledWith(request.observer);
    expect(request.readJob).not.toHaveBeenCalled();
  });
});
