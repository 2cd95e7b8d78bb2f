import { describe, expect, it } from 'vitest';
import { isProblem, type Problem } from '../../../lambda/http/problem';
import type { BodyFields } from '../../../lambda/payload/field-source';
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

/** The body's sources as plain objects, origin to fields, for easy comparison. */
const asPlain = (body: BodyFields | undefined): Record<string, Record<string, unknown>> | undefined =>
  body === undefined
    ? undefined
    : Object.fromEntries(body.map(({ origin, fields }) => [origin, Object.fromEntries(fields)]));

const json = (value: unknown): string => JSON.stringify(value);

describe('readBody', () => {
  describe('with no body', () => {
    it('reads an empty body as no body', () => {
      expect(readBody('application/json', '')).toBeUndefined();
    });

    it('reads a whitespace-only body as no body', () => {
      expect(readBody('application/json', ' \r\n\t ')).toBeUndefined();
    });

    it('accepts an empty body of any content type', () => {
      expect(readBody('text/plain', '')).toBeUndefined();
    });

    it('accepts an empty body without a content type', () => {
      expect(readBody(undefined, '')).toBeUndefined();
    });
  });

  describe('as JSON', () => {
    it('reads the fields of a JSON object', () => {
      const body = readBody('application/json', json({ contactListId: 1, customEvents: ['A'] }));

      expect(asPlain(body)).toEqual({ body: { contactListId: 1, customEvents: ['A'] } });
    });

    it('ignores a charset parameter', () => {
      expect(asPlain(readBody('application/json; charset=utf-8', json({ a: 1 })))).toEqual({ body: { a: 1 } });
    });

    it('reads the media type without regard to case', () => {
      expect(asPlain(readBody('APPLICATION/JSON', json({ a: 1 })))).toEqual({ body: { a: 1 } });
    });

    it('reads application/*+json as JSON', () => {
      expect(asPlain(readBody('application/vnd.api+json', json({ a: 1 })))).toEqual({ body: { a: 1 } });
    });

    it('tolerates a byte order mark before the JSON', () => {
      expect(asPlain(readBody('application/json', `\uFEFF${json({ a: 1 })}`))).toEqual({ body: { a: 1 } });
    });

    it('adds the fields of a data object as a second source, keeping the top level', () => {
      const body = readBody('application/json', json({ importJobId: 2, data: { contactListId: 1 } }));

      expect(asPlain(body)).toEqual({
        body: { importJobId: 2, data: { contactListId: 1 } },
        'body data': { contactListId: 1 },
      });
    });

    it('leaves a data field that is not an object as an ordinary field', () => {
      expect(asPlain(readBody('application/json', json({ data: [1] })))).toEqual({ body: { data: [1] } });
    });

    it('keeps a __proto__ key as plain data, without touching any prototype', () => {
      const body = readBody('application/json', '{"__proto__":{"contactListId":9},"importJobId":2}');

      expect(body?.[0]?.fields.get('__proto__')).toEqual({ contactListId: 9 });
      expect(body?.[0]?.fields.has('contactListId')).toBe(false);
      expect(({} as Record<string, unknown>).contactListId).toBeUndefined();
    });

    it('refuses broken JSON with 400', () => {
      const problem = problemFrom(() => readBody('application/json', '{"contactListId":'));

      expect(problem.status).toBe(400);
      expect(problem.title).toBe('Malformed body');
    });

    it('refuses a JSON array with 400 saying an object is needed', () => {
      const problem = problemFrom(() => readBody('application/json', '[1,2]'));

      expect(problem.status).toBe(400);
      expect(problem.detail).toMatch(/must be an object.*not an array/);
    });

    it.each([
      ['a string', '"42"'],
      ['a number', '42'],
      ['null', 'null'],
      ['a boolean', 'true'],
    ])('refuses %s at the top level with 400', (kind, text) => {
      const problem = problemFrom(() => readBody('application/json', text));

      expect(problem.status).toBe(400);
      expect(problem.detail).toContain(`not ${kind}`);
    });
  });

  describe('as a form', () => {
    const form = 'application/x-www-form-urlencoded';

    it('reads each key once given as one value', () => {
      expect(asPlain(readBody(form, 'contactListId=1&importJobId=2'))).toEqual({
        body: { contactListId: '1', importJobId: '2' },
      });
    });

    it('reads a repeated key as a list, in order', () => {
      expect(asPlain(readBody(form, 'customEvents=A&customEvents=B&customEvents=C'))).toEqual({
        body: { customEvents: ['A', 'B', 'C'] },
      });
    });

    it('decodes percent escapes and plus signs', () => {
      expect(asPlain(readBody(form, 'customEvents=Send+Invite%2CNow%26Then'))).toEqual({
        body: { customEvents: 'Send Invite,Now&Then' },
      });
    });

    it('ignores a charset parameter and case', () => {
      const body = readBody('Application/X-WWW-Form-Urlencoded; charset=UTF-8', 'a=1');

      expect(asPlain(body)).toEqual({ body: { a: '1' } });
    });

    it('keeps an empty value as an empty string', () => {
      expect(asPlain(readBody(form, 'customEvents='))).toEqual({ body: { customEvents: '' } });
    });

    it('does not treat a data key as a wrapper', () => {
      expect(asPlain(readBody(form, 'data=x'))).toEqual({ body: { data: 'x' } });
    });
  });

  describe('with another content type', () => {
    it('refuses text/plain with 415 naming the accepted types', () => {
      const problem = problemFrom(() => readBody('text/plain', '{"contactListId":1}'));

      expect(problem.status).toBe(415);
      expect(problem.title).toBe('Unsupported media type');
      expect(problem.detail).toContain('application/json');
      expect(problem.detail).toContain('application/x-www-form-urlencoded');
    });

    it('refuses a body without a content type with 415', () => {
      expect(problemFrom(() => readBody(undefined, '{"contactListId":1}')).status).toBe(415);
    });

    it('refuses multipart/form-data with 415', () => {
      expect(problemFrom(() => readBody('multipart/form-data; boundary=x', '--x')).status).toBe(415);
    });

    it('refuses a +json type outside application/', () => {
      expect(problemFrom(() => readBody('text/x+json', '{}')).status).toBe(415);
    });

    it('quotes a long content type only in part', () => {
      const problem = problemFrom(() => readBody(`text/${'x'.repeat(1000)}`, 'a'));

      expect(problem.detail.length).toBeLessThan(200);
    });
  });
});
