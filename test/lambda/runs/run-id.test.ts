import { describe, expect, it } from 'vitest';
import { isRunId, keyedRunId, randomRunId } from '../../../lambda/runs/run-id';

/** Lambda's rule for a durable execution's name, which a run id also is. */
const EXECUTION_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

describe('run ids', () => {
  it('derives the same id from the same namespaced key', () => {
    // Act
    const first = keyedRunId('zapier/key:abc');
    const again = keyedRunId('zapier/key:abc');

    // Assert
    expect(again).toBe(first);
  });

  it('derives another id for the same key of another principal', () => {
    // Act
    const mine = keyedRunId('zapier/key:abc');
    const theirs = keyedRunId('crm/key:abc');

    // Assert
    expect(theirs).not.toBe(mine);
  });

  it('never shows the key in the id', () => {
    // Act
    const runId = keyedRunId('zapier/key:visible-delivery-id');

    // Assert
    expect(runId).not.toContain('visible');
  });

  it('gives every unkeyed request an id of its own', () => {
    // Act
    const ids = new Set(Array.from({ length: 100 }, randomRunId));

    // Assert
    expect(ids.size).toBe(100);
  });

  it.each([
    ['keyed', keyedRunId('a/key:😀'.repeat(100))],
    ['random', randomRunId()],
  ])('makes a %s id that is a valid durable execution name and a run id', (_case, runId) => {
    // Assert
    expect(runId).toMatch(EXECUTION_NAME);
    expect(isRunId(runId)).toBe(true);
  });

  it.each(['', 'run_short', `run_${'a'.repeat(44)}`, `job_${'a'.repeat(43)}`, `run_${'a'.repeat(42)}/`])(
    'does not take %j for a run id',
    (text) => {
      // Assert
      expect(isRunId(text)).toBe(false);
    },
  );
});
