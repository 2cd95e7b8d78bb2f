import { describe, expect, it } from 'vitest';
import { CLOCK_SKEW_MS, decodeOutcome, encodeOutcome, showsRunSince } from '../../../lambda/idempotency/stored-outcome';
import type { ImportJob } from '../../../lambda/import-job';

/** The job as Which50 shows it, started at `startDate` (or not at all). */
const anImportJob = (startDate: string | null = '2026-11-26T10:00:02.000Z'): ImportJob => ({
  id: 2,
  contactListId: 1,
  currentStatus: 'Finished',
  progressPercent: 100,
  startDate,
  finishDate: null,
  invalidEmailCount: 0,
  invalidSmsCount: null,
  insertedContacts: 3,
  updatedContacts: 0,
  droppedContacts: 0,
  notUpdatedContacts: 0,
  totalContacts: 3,
});

const FIRST_POST_AT = Date.parse('2026-11-26T10:00:00.000Z');

/** An ISO date `ms` milliseconds after the first POST (negative: before it). */
const afterFirstPost = (ms: number): string => new Date(FIRST_POST_AT + ms).toISOString();

describe('encodeOutcome and decodeOutcome', () => {
  it('store a completed run as its ImportJob’s JSON, as earlier records were', () => {
    // Act
    const text = encodeOutcome({ kind: 'completed', importJob: anImportJob() });

    // Assert
    expect(text).toBe(JSON.stringify(anImportJob()));
  });

  it('give a completed run back with its fields in the first answer’s order', () => {
    // Act
    const outcome = decodeOutcome(encodeOutcome({ kind: 'completed', importJob: anImportJob() }));

    // Assert
    expect(outcome).toEqual({ kind: 'completed', importJob: anImportJob() });
    expect(outcome.kind === 'completed' && Object.keys(outcome.importJob)).toEqual(Object.keys(anImportJob()));
  });

  it('read a record written before unknown outcomes existed as a completed run', () => {
    // Act
    const outcome = decodeOutcome(JSON.stringify(anImportJob(null)));

    // Assert
    expect(outcome).toEqual({ kind: 'completed', importJob: anImportJob(null) });
  });

  it('store an unknown outcome as the first POST’s send time, which no ImportJob could be mistaken for', () => {
    // Act
    const text = encodeOutcome({ kind: 'unknown', firstPostAt: FIRST_POST_AT });

    // Assert
    expect(JSON.parse(text)).toEqual({ runOutcomeUnknownSince: FIRST_POST_AT });
  });

  it('give an unknown outcome back with its send time', () => {
    // Act
    const outcome = decodeOutcome(encodeOutcome({ kind: 'unknown', firstPostAt: FIRST_POST_AT }));

    // Assert
    expect(outcome).toEqual({ kind: 'unknown', firstPostAt: FIRST_POST_AT });
  });
});

describe('showsRunSince', () => {
  it('allows one minute of clock skew between Which50 and the adapter', () => {
    // Assert
    expect(CLOCK_SKEW_MS).toBe(60_000);
  });

  it('takes a start after the first POST as the run', () => {
    // Act
    const shown = showsRunSince(anImportJob(afterFirstPost(2_000)), FIRST_POST_AT);

    // Assert
    expect(shown).toBe(true);
  });

  it('takes a start at the very instant of the first POST as the run', () => {
    // Act
    const shown = showsRunSince(anImportJob(afterFirstPost(0)), FIRST_POST_AT);

    // Assert
    expect(shown).toBe(true);
  });

  it('takes a start exactly 60 s before the first POST as the run (Which50’s clock behind)', () => {
    // Act
    const shown = showsRunSince(anImportJob(afterFirstPost(-60_000)), FIRST_POST_AT);

    // Assert
    expect(shown).toBe(true);
  });

  it('does not take a start 60.001 s before the first POST as the run', () => {
    // Act
    const shown = showsRunSince(anImportJob(afterFirstPost(-60_001)), FIRST_POST_AT);

    // Assert
    expect(shown).toBe(false);
  });

  it('does not take an earlier run’s start, a day before, as the run', () => {
    // Act
    const shown = showsRunSince(anImportJob(afterFirstPost(-86_400_000)), FIRST_POST_AT);

    // Assert
    expect(shown).toBe(false);
  });

  it('does not take a job without a start date as run', () => {
    // Act
    const shown = showsRunSince(anImportJob(null), FIRST_POST_AT);

    // Assert
    expect(shown).toBe(false);
  });

  it('does not take a start date it cannot read as the run', () => {
    // Act
    const shown = showsRunSince(anImportJob('not a date'), FIRST_POST_AT);

    // Assert
    expect(shown).toBe(false);
  });
});
