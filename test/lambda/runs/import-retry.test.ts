import { describe, expect, it } from 'vitest';
import { importRetryDelaySeconds, MAX_IMPORT_TRIES } from '../../../lambda/runs/import-retry';

const NO_JITTER = 0.999_999;

describe('importRetryDelaySeconds', () => {
  it('waits 30 s after a try Which50 could not take, doubling after each', () => {
    expect([1, 2, 3, 4].map((failures) => importRetryDelaySeconds(failures, 0, NO_JITTER))).toEqual([30, 60, 120, 240]);
  });

  it('waits at least what Retry-After said', () => {
    expect(importRetryDelaySeconds(1, 90, NO_JITTER)).toBe(90);
  });

  it('leaves no try after the last one', () => {
    expect(importRetryDelaySeconds(MAX_IMPORT_TRIES, 0, NO_JITTER)).toBeUndefined();
  });
});
