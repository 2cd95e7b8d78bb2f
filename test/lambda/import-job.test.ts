import { describe, expect, it } from 'vitest';
import { Problem } from '../../lambda/http/problem';
import { malformedUpstreamAnswer, normalizeImportJob } from '../../lambda/import-job';
import { expectedImportJob, IMPORT_JOB_FIELDS, upstreamImportJob } from '../support/import-job-factories';

/** What `normalizeImportJob` threw, so a test can look at the problem it carries. */
const thrownBy = (act: () => unknown): unknown => {
  try {
    act();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw, got none');
};

/** The upstream record with one field taken out entirely. */
const withoutField = (field: string): Record<string, unknown> => {
  const { [field]: _removed, ...rest } = upstreamImportJob();
  return rest;
};

const OPTIONAL_INTEGER_FIELDS = [
  ['ProgressPercent', 'progressPercent'],
  ['InvalidEmailCount', 'invalidEmailCount'],
  ['InvalidSmsCount', 'invalidSmsCount'],
  ['InsertedContacts', 'insertedContacts'],
  ['UpdatedContacts', 'updatedContacts'],
  ['DroppedContacts', 'droppedContacts'],
  ['NotUpdatedContacts', 'notUpdatedContacts'],
  ['TotalContacts', 'totalContacts'],
] as const;

describe('normalizeImportJob', () => {
  describe('the documented shape', () => {
    it('maps every PascalCase field to its camelCase answer field', () => {
      // Arrange
      const record = upstreamImportJob();

      // Act
      const job = normalizeImportJob(record);

      // Assert
      expect(job).toEqual(expectedImportJob());
    });

    it('answers exactly the thirteen fields, in the documented order', () => {
      // Act
      const job = normalizeImportJob(upstreamImportJob());

      // Assert
      expect(Object.keys(job)).toEqual(IMPORT_JOB_FIELDS);
    });

    it('ignores fields it does not know', () => {
      // Arrange
      const record = upstreamImportJob({ Owner: 'someone', Nested: { Id: 5 }, Identifier: 5 });

      // Act
      const job = normalizeImportJob(record);

      // Assert
      expect(job).toEqual(expectedImportJob());
    });
  });

  describe('key spelling', () => {
    it('reads camelCase keys', () => {
      // Arrange
      const record = Object.fromEntries(
        Object.entries(upstreamImportJob()).map(([key, value]) => [key[0]?.toLowerCase() + key.slice(1), value]),
      );

      // Act
      const job = normalizeImportJob(record);

      // Assert
      expect(job).toEqual(expectedImportJob());
    });

    it('reads upper-case keys', () => {
      // Arrange
      const record = Object.fromEntries(
        Object.entries(upstreamImportJob()).map(([key, value]) => [key.toUpperCase(), value]),
      );

      // Act
      const job = normalizeImportJob(record);

      // Assert
      expect(job).toEqual(expectedImportJob());
    });

    it('refuses one field spelled two ways, since either could be the true one', () => {
      // Arrange
      const record = upstreamImportJob({ id: 42 });

      // Act
      const error = thrownBy(() => normalizeImportJob(record));

      // Assert
      expect(error).toMatchObject({ status: 502, detail: expect.stringContaining('Id') });
    });
  });

  describe('absent values', () => {
    it.each(OPTIONAL_INTEGER_FIELDS)('answers null, not 0, when %s is missing', (upstream, answer) => {
      // Arrange
      const record = withoutField(upstream);

      // Act
      const job = normalizeImportJob(record);

      // Assert
      expect(job).toEqual(expectedImportJob({ [answer]: null }));
    });

    it.each(OPTIONAL_INTEGER_FIELDS)('answers null when %s is null', (upstream, answer) => {
      // Arrange
      const record = upstreamImportJob({ [upstream]: null });

      // Act
      const job = normalizeImportJob(record);

      // Assert
      expect(job).toEqual(expectedImportJob({ [answer]: null }));
    });

    it.each([
      ['CurrentStatus', 'currentStatus'],
      ['StartDate', 'startDate'],
      ['FinishDate', 'finishDate'],
    ] as const)('answers null when %s is missing', (upstream, answer) => {
      // Arrange
      const record = withoutField(upstream);

      // Act
      const job = normalizeImportJob(record);

      // Assert
      expect(job).toEqual(expectedImportJob({ [answer]: null }));
    });

    it('answers only the ids and nulls for a job that carries nothing else', () => {
      // Arrange
      const record = { Id: 1, ContactListId: 2 };

      // Act
      const job = normalizeImportJob(record);

      // Assert
      expect(job).toEqual({
        id: 1,
        contactListId: 2,
        currentStatus: null,
        progressPercent: null,
        startDate: null,
        finishDate: null,
        invalidEmailCount: null,
        invalidSmsCount: null,
        insertedContacts: null,
        updatedContacts: null,
        droppedContacts: null,
        notUpdatedContacts: null,
        totalContacts: null,
      });
    });

    it.each(['Id', 'ContactListId'])('refuses an answer without %s as malformed', (field) => {
      // Arrange
      const record = withoutField(field);

      // Act
      const error = thrownBy(() => normalizeImportJob(record));

      // Assert
      expect(error).toBeInstanceOf(Problem);
      expect(error).toMatchObject({
        status: 502,
        title: 'Upstream answer malformed',
        detail: expect.stringContaining(field),
      });
    });

    it.each(['Id', 'ContactListId'])('refuses an answer whose %s is null', (field) => {
      // Arrange
      const record = upstreamImportJob({ [field]: null });

      // Act
      const error = thrownBy(() => normalizeImportJob(record));

      // Assert
      expect(error).toMatchObject({ status: 502, detail: expect.stringContaining(field) });
    });
  });

  describe('integers', () => {
    it.each([
      ['"007"', '007', 7],
      ['" 12 "', ' 12 ', 12],
      ['"-1"', '-1', -1],
      ['"0"', '0', 0],
      ['"-0"', '-0', 0],
      ['"9007199254740991"', '9007199254740991', 9007199254740991],
      ['-3', -3, -3],
    ])('reads %s as %d', (_label, value, expected) => {
      // Arrange
      const record = upstreamImportJob({ TotalContacts: value });

      // Act
      const job = normalizeImportJob(record);

      // Assert
      expect(job.totalContacts).toBe(expected);
    });

    it('reads ids given as text, as XML gives them', () => {
      // Arrange
      const record = upstreamImportJob({ Id: '41', ContactListId: '7' });

      // Act
      const job = normalizeImportJob(record);

      // Assert
      expect(job).toEqual(expectedImportJob());
    });

    it.each([
      ['a fraction', 1.5],
      ['a fraction in text', '1.5'],
      ['words', 'abc'],
      ['empty text', ''],
      ['a plus sign', '+1'],
      ['an exponent in text', '1e3'],
      ['hexadecimal text', '0x10'],
      ['a number beyond 2^53', 2 ** 53],
      ['digits beyond 2^53', '9007199254740993'],
      ['infinity', Number.POSITIVE_INFINITY],
      ['a boolean', true],
      ['an object', { value: 1 }],
      ['a list', [1]],
    ])('refuses %s as a count', (_label, value) => {
      // Arrange
      const record = upstreamImportJob({ InsertedContacts: value });

      // Act
      const error = thrownBy(() => normalizeImportJob(record));

      // Assert
      expect(error).toMatchObject({ status: 502, detail: expect.stringContaining('InsertedContacts') });
    });

    it('refuses an id that is not an integer', () => {
      // Arrange
      const record = upstreamImportJob({ Id: 'forty-one' });

      // Act
      const error = thrownBy(() => normalizeImportJob(record));

      // Assert
      expect(error).toMatchObject({ status: 502, detail: expect.stringContaining('Id') });
    });

    it('quotes no more than 40 characters of a long bad value', () => {
      // Arrange
      const value = `${'9'.repeat(30)}${'z'.repeat(500)}`;

      // Act
      const error = thrownBy(() => normalizeImportJob(upstreamImportJob({ TotalContacts: value }))) as Problem;

      // Assert
      expect(error.detail).toContain(`"${value.slice(0, 40)}…"`);
      expect(error.detail).not.toContain(value.slice(0, 41));
    });
  });

  describe('current status', () => {
    it('trims whitespace around the status', () => {
      // Arrange
      const record = upstreamImportJob({ CurrentStatus: '  Running \n' });

      // Act
      const job = normalizeImportJob(record);

      // Assert
      expect(job.currentStatus).toBe('Running');
    });

    it('passes unknown status text through unchanged', () => {
      // Arrange
      const record = upstreamImportJob({ CurrentStatus: 'sample string 2' });

      // Act
      const job = normalizeImportJob(record);

      // Assert
      expect(job.currentStatus).toBe('sample string 2');
    });

    it('keeps an empty status as empty text, distinct from a missing one', () => {
      // Arrange
      const record = upstreamImportJob({ CurrentStatus: '' });

      // Act
      const job = normalizeImportJob(record);

      // Assert
      expect(job.currentStatus).toBe('');
    });

    it.each([
      ['a number', 2],
      ['an object', { text: 'Running' }],
    ])('refuses %s as a status', (_label, value) => {
      // Arrange
      const record = upstreamImportJob({ CurrentStatus: value });

      // Act
      const error = thrownBy(() => normalizeImportJob(record));

      // Assert
      expect(error).toMatchObject({ status: 502, detail: expect.stringContaining('CurrentStatus') });
    });
  });

  describe('dates', () => {
    it('answers null for .NET unset date', () => {
      // Arrange
      const record = upstreamImportJob({ FinishDate: '0001-01-01T00:00:00' });

      // Act
      const job = normalizeImportJob(record);

      // Assert
      expect(job.finishDate).toBeNull();
    });

    it('refuses an impossible date, naming the field', () => {
      // Arrange
      const record = upstreamImportJob({ StartDate: '2024-02-30T00:00:00' });

      // Act
      const error = thrownBy(() => normalizeImportJob(record));

      // Assert
      expect(error).toMatchObject({ status: 502, detail: expect.stringContaining('StartDate') });
    });
  });

  describe('not an ImportJob at all', () => {
    it.each([
      ['null', null],
      ['undefined', undefined],
      ['a list', [upstreamImportJob()]],
      ['text', 'ImportJob'],
      ['a number', 41],
    ])('refuses %s', (_label, value) => {
      // Act
      const error = thrownBy(() => normalizeImportJob(value));

      // Assert
      expect(error).toBeInstanceOf(Problem);
      expect(error).toMatchObject({ status: 502, title: 'Upstream answer malformed' });
    });
  });
});

describe('malformedUpstreamAnswer', () => {
  it('is a 502 problem carrying the given detail', () => {
    // Act
    const problem = malformedUpstreamAnswer('Id is missing');

    // Assert
    expect(problem).toBeInstanceOf(Problem);
    expect(problem).toMatchObject({ status: 502, title: 'Upstream answer malformed', detail: 'Id is missing' });
  });
});
