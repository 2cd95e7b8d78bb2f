import { describe, expect, it } from 'vitest';
import { type FieldError, isProblem, type Problem } from '../../../lambda/http/problem';
import type { BodyFields } from '../../../lambda/payload/field-source';
import { parseImportJobRef, parseRunImport } from '../../../lambda/payload/parse-run-import';
import { readBody } from '../../../lambda/payload/read-body';

const problemFrom = (act: () => unknown): Problem => {
  try {
    act();
  } catch (error) {
    if (isProblem(error)) return error;
    throw error;
  }
  throw new Error('expected a Problem to be thrown');
};

const errorsFrom = (act: () => unknown): FieldError[] => problemFrom(act).extra.errors as FieldError[];

const messageFor = (field: string, act: () => unknown): string | undefined =>
  errorsFrom(act).find((error) => error.field === field)?.message;

/** A JSON body, read the way the handler reads it. */
const jsonBody = (value: unknown): BodyFields | undefined => readBody('application/json', JSON.stringify(value));

/** A form body, read the way the handler reads it. */
const formBody = (text: string): BodyFields | undefined => readBody('application/x-www-form-urlencoded', text);

/** Query parameters as API Gateway's multi-value map gives them. */
const queryOf = (text: string): Record<string, string[]> => {
  const query: Record<string, string[]> = {};
  for (const [key, value] of new URLSearchParams(text)) query[key] = [...(query[key] ?? []), value];
  return query;
};

const pathOf = (contactListId: string, importJobId: string) => ({ contactListId, importJobId });

const validIds = { contactListId: 1, importJobId: 2 };

describe('parseRunImport', () => {
  describe('reading the fields', () => {
    it('reads a JSON body with numbers and a list of events', () => {
      const body = jsonBody({ contactListId: 1, importJobId: 2, customEvents: ['A', 'B'] });

      const command = parseRunImport({ body });

      expect(command).toEqual({ contactListId: 1, importJobId: 2, customEvents: ['A', 'B'] });
    });

    it('reads ids given as decimal strings', () => {
      const command = parseRunImport({ body: jsonBody({ contactListId: '42', importJobId: '7' }) });

      expect(command).toEqual({ contactListId: 42, importJobId: 7, customEvents: [] });
    });

    it('reads everything from the query string', () => {
      const command = parseRunImport({ query: queryOf('contactListId=1&importJobId=2&customEvents=A,B') });

      expect(command).toEqual({ contactListId: 1, importJobId: 2, customEvents: ['A', 'B'] });
    });

    it('reads a form body', () => {
      const command = parseRunImport({ body: formBody('contactListId=1&importJobId=2&customEvents=A%2CB') });

      expect(command).toEqual({ contactListId: 1, importJobId: 2, customEvents: ['A', 'B'] });
    });

    it('reads ids from the path and events from the body', () => {
      const command = parseRunImport({ path: pathOf('1', '2'), body: jsonBody({ customEvents: 'A' }) });

      expect(command).toEqual({ contactListId: 1, importJobId: 2, customEvents: ['A'] });
    });

    it('reads ids from the path and events from the query', () => {
      const command = parseRunImport({ path: pathOf('1', '2'), query: queryOf('customevents=A') });

      expect(command).toEqual({ contactListId: 1, importJobId: 2, customEvents: ['A'] });
    });

    it('reads no events when none are sent', () => {
      expect(parseRunImport({ body: jsonBody(validIds) }).customEvents).toEqual([]);
    });

    it('reads null events as none', () => {
      expect(parseRunImport({ body: jsonBody({ ...validIds, customEvents: null }) }).customEvents).toEqual([]);
    });

    it('ignores unknown fields', () => {
      const command = parseRunImport({ body: jsonBody({ ...validIds, zap: { id: 'x' }, contactList: 'nope' }) });

      expect(command).toEqual({ ...validIds, customEvents: [] });
    });

    it('ignores a path parameter left undefined', () => {
      const command = parseRunImport({ path: { contactListId: undefined }, body: jsonBody(validIds) });

      expect(command.contactListId).toBe(1);
    });

    it('is not swayed by a __proto__ key in the body', () => {
      const body = readBody('application/json', '{"__proto__":{"contactListId":9},"contactListId":1,"importJobId":2}');

      expect(parseRunImport({ body })).toEqual({ ...validIds, customEvents: [] });
    });
  });

  describe('spellings', () => {
    it.each(['contactListId', 'contact_list_id', 'ContactListId'])('reads the contact list id as %s', (key) => {
      expect(parseRunImport({ body: jsonBody({ [key]: 5, importJobId: 2 }) }).contactListId).toBe(5);
    });

    it.each(['importJobId', 'import_job_id', 'ImportJobId'])('reads the import job id as %s', (key) => {
      expect(parseRunImport({ body: jsonBody({ contactListId: 1, [key]: 6 }) }).importJobId).toBe(6);
    });

    it.each(['customEvents', 'custom_events', 'CustomEvents', 'customevents'])('reads the events as %s', (key) => {
      expect(parseRunImport({ body: jsonBody({ ...validIds, [key]: ['A'] }) }).customEvents).toEqual(['A']);
    });

    it.each(['contactlistid', 'CONTACTLISTID', 'contact-list-id', 'contactListID'])(
      'does not read the contact list id as %s',
      (key) => {
        const body = jsonBody({ [key]: 5, importJobId: 2 });

        expect(messageFor('contactListId', () => parseRunImport({ body }))).toBe('is required');
      },
    );

    it('does not read events under another case', () => {
      expect(parseRunImport({ body: jsonBody({ ...validIds, CUSTOMEVENTS: ['A'] }) }).customEvents).toEqual([]);
    });

    it('accepts two spellings of a field that agree', () => {
      const command = parseRunImport({ body: jsonBody({ contactListId: 1, contact_list_id: '1', importJobId: 2 }) });

      expect(command.contactListId).toBe(1);
    });

    it('refuses two spellings of a field that disagree, naming both', () => {
      const act = () => parseRunImport({ body: jsonBody({ contactListId: 1, ContactListId: 3, importJobId: 2 }) });

      expect(messageFor('contactListId', act)).toBe(
        'was given twice with different values (body: 1, body as ContactListId: 3)',
      );
    });
  });

  describe('the data wrapper', () => {
    it('reads fields wrapped in data', () => {
      const body = jsonBody({ data: { contactListId: 1, importJobId: 2, customEvents: 'A' } });

      const command = parseRunImport({ body });

      expect(command).toEqual({ contactListId: 1, importJobId: 2, customEvents: ['A'] });
    });

    it('reads fields both inside and beside data', () => {
      const command = parseRunImport({ body: jsonBody({ importJobId: 2, data: { contact_list_id: 1 } }) });

      expect(command).toEqual({ contactListId: 1, importJobId: 2, customEvents: [] });
    });

    it('accepts the same value inside and beside data', () => {
      expect(parseRunImport({ body: jsonBody({ ...validIds, data: { contactListId: '1' } }) }).contactListId).toBe(1);
    });

    it('refuses different values inside and beside data', () => {
      const act = () => parseRunImport({ body: jsonBody({ ...validIds, data: { contactListId: 3 } }) });

      expect(messageFor('contactListId', act)).toBe('was given twice with different values (body: 1, body data: 3)');
    });
  });

  describe('lists from repeated keys and arrays', () => {
    it('reads a repeated query key as a list of events', () => {
      const command = parseRunImport({ query: queryOf('customEvents=A&customEvents=B&contactListId=1&importJobId=2') });

      expect(command.customEvents).toEqual(['A', 'B']);
    });

    it('reads a repeated form key as a list of events', () => {
      const body = formBody('contactListId=1&importJobId=2&customEvents=B&customEvents=A');

      expect(parseRunImport({ body }).customEvents).toEqual(['B', 'A']);
    });

    it('refuses a comma inside one of several repeated form values', () => {
      const body = formBody('contactListId=1&importJobId=2&customEvents=A&customEvents=B,C');
      const act = () => parseRunImport({ body });

      expect(messageFor('customEvents', act)).toBe('entry 2 ("B,C") contains a comma (in body)');
    });

    it('reads a repeated id key holding the same id as that id', () => {
      const query = queryOf('contactListId=4&contactListId=04&importJobId=2');

      expect(parseRunImport({ query }).contactListId).toBe(4);
    });

    it('refuses a repeated id key holding different ids', () => {
      const act = () => parseRunImport({ query: queryOf('contactListId=4&contactListId=5&importJobId=2') });

      expect(messageFor('contactListId', act)).toBe('was given twice with different values (query: 4, query: 5)');
    });

    it('reads a JSON array holding one id repeatedly as that id', () => {
      expect(parseRunImport({ body: jsonBody({ contactListId: [3, '3'], importJobId: 2 }) }).contactListId).toBe(3);
    });

    it('refuses a JSON array holding different ids', () => {
      const act = () => parseRunImport({ body: jsonBody({ contactListId: [3, 4, 3], importJobId: 2 }) });

      expect(messageFor('contactListId', act)).toBe(
        'was given 3 times with different values (body: 3, body: 4, body: 3)',
      );
    });

    it('refuses an empty JSON array as an id', () => {
      const act = () => parseRunImport({ body: jsonBody({ contactListId: [], importJobId: 2 }) });

      expect(messageFor('contactListId', act)).toBe('must be an integer from 1 to 2147483647, not [] (in body)');
    });
  });

  describe('id rules', () => {
    it.each([
      ['1', 1],
      [1, 1],
      [2147483647, 2147483647],
      ['2147483647', 2147483647],
      [' 42 ', 42],
      ['007', 7],
    ])('accepts %j as %d', (raw, expected) => {
      expect(parseRunImport({ body: jsonBody({ contactListId: raw, importJobId: 2 }) }).contactListId).toBe(expected);
    });

    it.each([
      0,
      -1,
      2147483648,
      1.5,
      '0',
      '1.5',
      '+1',
      '-1',
      '0x10',
      '1e3',
      '',
      '   ',
      '1 2',
      '٣',
      true,
      false,
      null,
      {},
      { value: 1 },
      [[1]],
      '99999999999999999999',
    ])('refuses %j', (raw) => {
      const act = () => parseRunImport({ body: jsonBody({ contactListId: raw, importJobId: 2 }) });

      expect(messageFor('contactListId', act)).toMatch(/^must be an integer from 1 to 2147483647, not .* \(in body\)$/);
    });

    it('quotes the refused value', () => {
      const act = () => parseRunImport({ body: jsonBody({ contactListId: 'abc', importJobId: 2 }) });

      expect(messageFor('contactListId', act)).toBe('must be an integer from 1 to 2147483647, not "abc" (in body)');
    });

    it('quotes a huge refused value only in part', () => {
      const act = () => parseRunImport({ body: jsonBody({ contactListId: 'z'.repeat(10_000), importJobId: 2 }) });

      expect(messageFor('contactListId', act)?.length).toBeLessThan(120);
    });

    it('says a missing id is required', () => {
      const body = jsonBody({ contactListId: 1 });

      expect(messageFor('importJobId', () => parseRunImport({ body }))).toBe('is required');
    });

    it('says ids are required when nothing is sent at all', () => {
      expect(errorsFrom(() => parseRunImport({}))).toEqual([
        { field: 'contactListId', message: 'is required' },
        { field: 'importJobId', message: 'is required' },
      ]);
    });

    it('refuses a non-numeric path id', () => {
      const act = () => parseRunImport({ path: pathOf('abc', '2') });

      expect(messageFor('contactListId', act)).toBe('must be an integer from 1 to 2147483647, not "abc" (in path)');
    });

    it('refuses an id that is valid in one place and invalid in another, saying where', () => {
      const act = () => parseRunImport({ path: pathOf('1', '2'), query: queryOf('contactListId=x') });

      expect(messageFor('contactListId', act)).toBe('must be an integer from 1 to 2147483647, not "x" (in query)');
    });
  });

  describe('event rules through the parser', () => {
    it('trims, drops empties and duplicates, keeping order', () => {
      const body = jsonBody({ ...validIds, customEvents: [' B', '', 'A ', 'B'] });

      expect(parseRunImport({ body }).customEvents).toEqual(['B', 'A']);
    });

    it('refuses a non-string entry, saying which and where', () => {
      const act = () => parseRunImport({ body: jsonBody({ ...validIds, custom_events: ['A', 7] }) });

      expect(messageFor('customEvents', act)).toBe('entry 2 (7) is not a string (in body as custom_events)');
    });

    it('refuses too many names', () => {
      const names = Array.from({ length: 51 }, (_, index) => `E${index}`).join(',');

      const query = queryOf(`customEvents=${names}`);

      expect(messageFor('customEvents', () => parseRunImport({ path: pathOf('1', '2'), query }))).toBe(
        'has 51 distinct names; at most 50 are allowed (in query)',
      );
    });
  });

  describe('clashes between places', () => {
    it('accepts the same id in the path and the body, as string and number', () => {
      expect(parseRunImport({ path: pathOf('42', '2'), body: jsonBody({ contactListId: 42 }) }).contactListId).toBe(42);
    });

    it('refuses different ids in the path and the body', () => {
      const act = () => parseRunImport({ path: pathOf('1', '2'), body: jsonBody({ contactListId: 2 }) });

      expect(messageFor('contactListId', act)).toBe('was given twice with different values (path: 1, body: 2)');
    });

    it('refuses different ids in the query and the body', () => {
      const body = jsonBody({ contactListId: 1, import_job_id: 4 });
      const act = () => parseRunImport({ query: queryOf('importJobId=3'), body });

      expect(messageFor('importJobId', act)).toBe(
        'was given twice with different values (query: 3, body as import_job_id: 4)',
      );
    });

    it('refuses different ids in the path and the query', () => {
      const act = () => parseRunImport({ path: pathOf('1', '2'), query: queryOf('importJobId=5') });

      expect(messageFor('importJobId', act)).toBe('was given twice with different values (path: 2, query: 5)');
    });

    it('lists every place when three disagree', () => {
      const sources = {
        path: pathOf('1', '2'),
        query: queryOf('contactListId=1'),
        body: jsonBody({ contactListId: 9 }),
      };

      expect(messageFor('contactListId', () => parseRunImport(sources))).toBe(
        'was given 3 times with different values (path: 1, query: 1, body: 9)',
      );
    });

    it('accepts the same events sent as a string and as a list', () => {
      const body = jsonBody({ ...validIds, customEvents: ['A', 'B'] });

      const command = parseRunImport({ query: queryOf('customEvents=A,B'), body });

      expect(command.customEvents).toEqual(['A', 'B']);
    });

    it('compares events after normalizing them', () => {
      const body = jsonBody({ ...validIds, customEvents: ['A', 'B'] });

      const command = parseRunImport({ query: queryOf('customEvents= A,A,,B'), body });

      expect(command.customEvents).toEqual(['A', 'B']);
    });

    it('refuses the same events in a different order', () => {
      const body = jsonBody({ ...validIds, customEvents: ['A', 'B'] });
      const act = () => parseRunImport({ query: queryOf('customEvents=B,A'), body });

      expect(messageFor('customEvents', act)).toBe(
        'was given twice with different values (query: ["B","A"], body: ["A","B"])',
      );
    });

    it('refuses events in one place and an explicit null in another', () => {
      const body = jsonBody({ ...validIds, customEvents: null });
      const act = () => parseRunImport({ query: queryOf('customEvents=A'), body });

      expect(messageFor('customEvents', act)).toBe('was given twice with different values (query: ["A"], body: [])');
    });
  });

  describe('reporting', () => {
    it('throws a 400 invalid-payload problem', () => {
      const problem = problemFrom(() => parseRunImport({}));

      expect(problem.status).toBe(400);
      expect(problem.title).toBe('Invalid payload');
    });

    it('reports every refused field at once, in field order', () => {
      const act = () =>
        parseRunImport({
          path: pathOf('0', '2'),
          body: jsonBody({ importJobId: 3, customEvents: ['ok', 'bad\u0000'] }),
        });

      expect(errorsFrom(act)).toEqual([
        { field: 'contactListId', message: 'must be an integer from 1 to 2147483647, not "0" (in path)' },
        { field: 'importJobId', message: 'was given twice with different values (path: 2, body: 3)' },
        { field: 'customEvents', message: 'entry 2 ("bad\\u0000") contains a control character (in body)' },
      ]);
    });

    it('reports every refused value of one field together', () => {
      const body = jsonBody({ contactListId: -3, importJobId: 2 });
      const act = () => parseRunImport({ query: queryOf('contactListId=x'), body });

      expect(messageFor('contactListId', act)).toBe(
        'must be an integer from 1 to 2147483647, not "x" (in query); ' +
          'must be an integer from 1 to 2147483647, not -3 (in body)',
      );
    });

    it('reports only the refused fields', () => {
      const errors = errorsFrom(() => parseRunImport({ body: jsonBody({ contactListId: 1, customEvents: 5 }) }));

      expect(errors.map((error) => error.field)).toEqual(['importJobId', 'customEvents']);
    });
  });
});

describe('parseImportJobRef', () => {
  it('reads both ids from the path', () => {
    expect(parseImportJobRef(pathOf('12', '34'))).toEqual({ contactListId: 12, importJobId: 34 });
  });

  it('reads ids with leading zeros', () => {
    expect(parseImportJobRef(pathOf('012', '0034'))).toEqual({ contactListId: 12, importJobId: 34 });
  });

  it('refuses a non-numeric id with 400', () => {
    const problem = problemFrom(() => parseImportJobRef(pathOf('12', 'abc')));

    expect(problem.status).toBe(400);
    expect(problem.extra.errors).toEqual([
      { field: 'importJobId', message: 'must be an integer from 1 to 2147483647, not "abc" (in path)' },
    ]);
  });

  it('refuses both ids at once', () => {
    expect(errorsFrom(() => parseImportJobRef(pathOf('0', '2147483648'))).map((error) => error.field)).toEqual([
      'contactListId',
      'importJobId',
    ]);
  });

  it('says a missing path id is required', () => {
    expect(errorsFrom(() => parseImportJobRef({ contactListId: '1' }))).toEqual([
      { field: 'importJobId', message: 'is required' },
    ]);
  });
});
