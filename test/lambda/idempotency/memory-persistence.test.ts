import { IdempotencyConfig, IdempotencyItemAlreadyExistsError } from '@aws-lambda-powertools/idempotency';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MemoryPersistenceLayer } from '../../../lambda/idempotency/memory-persistence';

const TTL_SECONDS = 60;
const START = new Date('2026-11-26T10:00:00.000Z');
const INVOCATION_MS = 28_000;

/** A store configured the way the guarded run configures it, records keyed on `key`. */
const aStore = (): MemoryPersistenceLayer => {
  const store = new MemoryPersistenceLayer();
  store.configure({ config: new IdempotencyConfig({ eventKeyJmesPath: 'key', expiresAfterSeconds: TTL_SECONDS }) });
  return store;
};

const anInput = (key = 'key:k-1') => ({ key });

const later = (milliseconds: number): void => {
  vi.setSystemTime(Date.now() + milliseconds);
};

/** The error a second claim of a key gets, or undefined when the claim went through. */
const claimError = async (store: MemoryPersistenceLayer, input = anInput(), remainingMs = INVOCATION_MS) => {
  try {
    await store.saveInProgress(input, remainingMs);
    return undefined;
  } catch (error) {
    return error;
  }
};

describe('MemoryPersistenceLayer', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(START);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('lets one claim of a key through and refuses the next, handing back the record that holds it', async () => {
    // Arrange
    const store = aStore();
    await store.saveInProgress(anInput(), INVOCATION_MS);

    // Act
    const error = await claimError(store);

    // Assert
    expect(error).toBeInstanceOf(IdempotencyItemAlreadyExistsError);
    expect((error as IdempotencyItemAlreadyExistsError).existingRecord?.getStatus()).toBe('INPROGRESS');
  });

  it('keeps the keys of different inputs apart', async () => {
    // Arrange
    const store = aStore();
    await store.saveInProgress(anInput('key:a'), INVOCATION_MS);

    // Act
    const error = await claimError(store, anInput('key:b'));

    // Assert
    expect(error).toBeUndefined();
  });

  it('gives back the saved answer of a completed run', async () => {
    // Arrange
    const store = aStore();
    await store.saveInProgress(anInput(), INVOCATION_MS);
    await store.saveSuccess(anInput(), '{"id":2}');

    // Act
    const record = await store.getRecord(anInput());

    // Assert
    expect(record.getStatus()).toBe('COMPLETED');
    expect(record.getResponse()).toBe('{"id":2}');
  });

  it('frees a key whose record was deleted (a failed run)', async () => {
    // Arrange
    const store = aStore();
    await store.saveInProgress(anInput(), INVOCATION_MS);
    await store.deleteRecord(anInput());

    // Act
    const error = await claimError(store);

    // Assert
    expect(error).toBeUndefined();
  });

  it('still holds a completed key just before its TTL ends', async () => {
    // Arrange
    const store = aStore();
    await store.saveInProgress(anInput(), INVOCATION_MS);
    await store.saveSuccess(anInput(), '{"id":2}');
    later(TTL_SECONDS * 1000 - 1_000);

    // Act
    const error = await claimError(store);

    // Assert
    expect(error).toBeInstanceOf(IdempotencyItemAlreadyExistsError);
  });

  it('frees a completed key once its TTL has passed', async () => {
    // Arrange
    const store = aStore();
    await store.saveInProgress(anInput(), INVOCATION_MS);
    await store.saveSuccess(anInput(), '{"id":2}');
    later(TTL_SECONDS * 1000 + 1_000);

    // Act
    const error = await claimError(store);

    // Assert
    expect(error).toBeUndefined();
  });

  it('holds a key in progress while the invocation that claimed it may still be running', async () => {
    // Arrange
    const store = aStore();
    await store.saveInProgress(anInput(), INVOCATION_MS);
    later(INVOCATION_MS - 1_000);

    // Act
    const error = await claimError(store);

    // Assert
    expect(error).toBeInstanceOf(IdempotencyItemAlreadyExistsError);
  });

  it('frees a key left in progress by an invocation whose time has run out (it crashed)', async () => {
    // Arrange
    const store = aStore();
    await store.saveInProgress(anInput(), INVOCATION_MS);
    later(INVOCATION_MS + 1_000);

    // Act
    const error = await claimError(store);

    // Assert
    expect(error).toBeUndefined();
  });

  it('drops expired records as new ones are written, so memory does not grow without end', async () => {
    // Arrange
    const store = aStore();
    for (const key of ['key:a', 'key:b', 'key:c']) await store.saveInProgress(anInput(key), INVOCATION_MS);
    later(TTL_SECONDS * 1000 + 1_000);

    // Act
    await store.saveInProgress(anInput('key:d'), INVOCATION_MS);

    // Assert
    expect(store.size).toBe(1);
  });
});
