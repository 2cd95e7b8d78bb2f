import {
  IdempotencyAlreadyInProgressError,
  IdempotencyItemNotFoundError,
  IdempotencyPersistenceLayerError,
  IdempotencyValidationError,
} from '@aws-lambda-powertools/idempotency';
import { describe, expect, it } from 'vitest';
import { problemForIdempotencyError, RETRY_AFTER_SECONDS } from '../../../lambda/idempotency/idempotency-problems';

describe('problemForIdempotencyError', () => {
  it('answers a duplicate of a run in progress with 409 and Retry-After', () => {
    // Act
    const problem = problemForIdempotencyError(new IdempotencyAlreadyInProgressError('in progress'));

    // Assert
    expect(problem).toMatchObject({ status: 409, title: 'Run in progress' });
    expect(problem?.headers['Retry-After']).toBe(String(RETRY_AFTER_SECONDS));
  });

  it('answers a duplicate whose record vanished while being read (the run just failed) with a 409 to retry', () => {
    // Act
    const problem = problemForIdempotencyError(new IdempotencyItemNotFoundError());

    // Assert
    expect(problem?.status).toBe(409);
  });

  it('answers a key reused for another payload with 422', () => {
    // Act
    const problem = problemForIdempotencyError(new IdempotencyValidationError('payload differs'));

    // Assert
    expect(problem).toMatchObject({ status: 422, title: 'Idempotency key reused' });
  });

  it('answers a store that cannot be written with 503 and Retry-After, the import not run', () => {
    // Act
    const problem = problemForIdempotencyError(new IdempotencyPersistenceLayerError('table missing'));

    // Assert
    expect(problem?.status).toBe(503);
    expect(problem?.headers).toHaveProperty('Retry-After');
    expect(problem?.detail).toMatch(/not run/);
  });

  it('never quotes the store’s own message, which may name keys or tables', () => {
    // Act
    const problem = problemForIdempotencyError(new IdempotencyAlreadyInProgressError('key run-import#SECRETHASH'));

    // Assert
    expect(JSON.stringify(problem)).not.toContain('SECRETHASH');
  });

  it('leaves any other error alone', () => {
    // Act
    const problem = problemForIdempotencyError(new TypeError('a bug'));

    // Assert
    expect(problem).toBeUndefined();
  });
});
