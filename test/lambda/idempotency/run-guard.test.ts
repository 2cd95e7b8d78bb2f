import type { Context } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import { MemoryPersistenceLayer } from '../../../lambda/idempotency/memory-persistence';
import type { PersistenceLoader } from '../../../lambda/idempotency/persistence-stores';
import { createRunGuard } from '../../../lambda/idempotency/run-guard';
import type { ImportJob } from '../../../lambda/import-job';
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

describe('createRunGuard', () => {
  it('runs every request without a key, and never loads the store for them', async () => {
    // Arrange
    const loader = aCountingLoader();
    const guard = createRunGuard(loader, TTL_SECONDS);
    const run = aRun();
    const request = { key: undefined, command: aRunCommand(), context: A_CONTEXT };

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
      ['key:a', 'key:b', 'key:c'].map((key) => guard({ key, command: aRunCommand(), context: A_CONTEXT }, run)),
    );

    // Assert
    expect(loader).toHaveBeenCalledTimes(1);
  });

  it('runs a key once, answering its duplicate from the store', async () => {
    // Arrange
    const guard = createRunGuard(aCountingLoader(), TTL_SECONDS);
    const run = aRun();
    const request = { key: 'webhook:msg_1', command: aRunCommand(), context: A_CONTEXT };
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
    const request = { key: 'key:a', command: aRunCommand(), context: A_CONTEXT };
    await expect(guard(request, aRun())).rejects.toThrow('cannot load');

    // Act
    const result = await guard(request, aRun());

    // Assert
    expect(result.replayed).toBe(false);
    expect(loader).toHaveBeenCalledTimes(2);
  });
});
