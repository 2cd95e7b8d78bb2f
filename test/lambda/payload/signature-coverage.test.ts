import { describe, expect, it } from 'vitest';
import { FIELD_SPELLINGS, type PayloadField } from '../../../lambda/payload/field-spellings';
import type { RunImportSources } from '../../../lambda/payload/parse-run-import';
import { readBody } from '../../../lambda/payload/read-body';
import { assertSignatureCovers, fieldsOutsideBody } from '../../../lambda/payload/signature-coverage';
import { problemThrownBy } from '../../support/factories';

/** A JSON body as the signed bytes carry it, read by the adapter's own body reader. */
const aJsonBody = (body: Record<string, unknown>): RunImportSources['body'] =>
  readBody('application/json', JSON.stringify(body));

/** A form body, as a form-posting sender signs it. */
const aFormBody = (text: string): RunImportSources['body'] => readBody('application/x-www-form-urlencoded', text);

const RUN_PATH = { contactListId: '1', importJobId: '2' };
const WHOLE_COMMAND: Readonly<Record<PayloadField, unknown>> = {
  contactListId: 1,
  importJobId: 2,
  customEvents: ['SendWelcomeEmail'],
  callbackUrl: 'https://hooks.example.com/runs',
  follow: true,
};

/** Every (field, spelling) pair the payload accepts. */
const EVERY_SPELLING = (Object.entries(FIELD_SPELLINGS) as [PayloadField, readonly string[]][]).flatMap(
  ([field, spellings]) => spellings.map((spelling) => [field, spelling] as const),
);

describe('fieldsOutsideBody', () => {
  it('finds nothing outside when the whole command is in the body', () => {
    // Act
    const outside = fieldsOutsideBody({ body: aJsonBody(WHOLE_COMMAND) });

    // Assert
    expect(outside).toEqual([]);
  });

  it('finds both ids when only the path gives them', () => {
    // Act
    const outside = fieldsOutsideBody({ path: RUN_PATH, body: aJsonBody({ customEvents: ['SendWelcomeEmail'] }) });

    // Assert
    expect(outside).toEqual(['contactListId', 'importJobId']);
  });

  it('finds both ids of a request with a path and no body at all (a signed status read)', () => {
    // Act
    const outside = fieldsOutsideBody({ path: RUN_PATH });

    // Assert
    expect(outside).toEqual(['contactListId', 'importJobId']);
  });

  it('finds the events when only the query gives them', () => {
    // Act
    const outside = fieldsOutsideBody({
      query: { customEvents: ['AnyEvent'] },
      body: aJsonBody({ contactListId: 1, importJobId: 2 }),
    });

    // Assert
    expect(outside).toEqual(['customEvents']);
  });

  it('finds the events of a repeated query key', () => {
    // Act
    const outside = fieldsOutsideBody({
      query: { customEvents: ['A', 'B'] },
      body: aJsonBody({ contactListId: 1, importJobId: 2 }),
    });

    // Assert
    expect(outside).toEqual(['customEvents']);
  });

  it('finds an empty query value too: the body did not sign it', () => {
    // Act
    const outside = fieldsOutsideBody({
      query: { customEvents: [''] },
      body: aJsonBody({ contactListId: 1, importJobId: 2 }),
    });

    // Assert
    expect(outside).toEqual(['customEvents']);
  });

  it('ignores a query key that carries no value', () => {
    // Act
    const outside = fieldsOutsideBody({
      query: { customEvents: [] },
      body: aJsonBody({ contactListId: 1, importJobId: 2 }),
    });

    // Assert
    expect(outside).toEqual([]);
  });

  it('finds nothing outside when the path only repeats the body', () => {
    // Act
    const outside = fieldsOutsideBody({ path: RUN_PATH, body: aJsonBody(WHOLE_COMMAND) });

    // Assert
    expect(outside).toEqual([]);
  });

  it('finds nothing outside when the path and query only repeat the body', () => {
    // Act
    const outside = fieldsOutsideBody({
      path: RUN_PATH,
      query: { customEvents: ['SendWelcomeEmail'] },
      body: aJsonBody(WHOLE_COMMAND),
    });

    // Assert
    expect(outside).toEqual([]);
  });

  it('leaves a path value that differs from the body to the parser’s 400 clash', () => {
    // Act
    const outside = fieldsOutsideBody({
      path: { contactListId: '1', importJobId: '4' },
      body: aJsonBody(WHOLE_COMMAND),
    });

    // Assert
    expect(outside).toEqual([]);
  });

  it('counts the fields of a `data` wrapper as signed body', () => {
    // Act
    const outside = fieldsOutsideBody({ path: RUN_PATH, body: aJsonBody({ data: WHOLE_COMMAND }) });

    // Assert
    expect(outside).toEqual([]);
  });

  it('counts a body split between its top level and its `data` wrapper as signed', () => {
    // Act
    const outside = fieldsOutsideBody({
      path: RUN_PATH,
      body: aJsonBody({ contactListId: 1, data: { importJobId: 2 } }),
    });

    // Assert
    expect(outside).toEqual([]);
  });

  it('counts a form body’s fields as signed', () => {
    // Act
    const outside = fieldsOutsideBody({ path: RUN_PATH, body: aFormBody('contactListId=1&importJobId=2') });

    // Assert
    expect(outside).toEqual([]);
  });

  it('counts a field the body gives as null as given, leaving any difference to the parser', () => {
    // Act
    const outside = fieldsOutsideBody({
      query: { customEvents: ['AnyEvent'] },
      body: aJsonBody({ contactListId: 1, importJobId: 2, customEvents: null }),
    });

    // Assert
    expect(outside).toEqual([]);
  });

  it.each(EVERY_SPELLING)('finds %s given in the query as %s and not in the body', (field, spelling) => {
    // Arrange
    const body = Object.fromEntries(Object.entries(WHOLE_COMMAND).filter(([name]) => name !== field));

    // Act
    const outside = fieldsOutsideBody({ query: { [spelling]: ['7'] }, body: aJsonBody(body) });

    // Assert
    expect(outside).toEqual([field]);
  });

  it.each(EVERY_SPELLING)('counts %s given in the body as %s as signed', (field, spelling) => {
    // Arrange
    const others = Object.fromEntries(Object.entries(WHOLE_COMMAND).filter(([name]) => name !== field));
    const body = { ...others, [spelling]: WHOLE_COMMAND[field] };

    // Act
    const outside = fieldsOutsideBody({ query: { [field]: [String(WHOLE_COMMAND[field])] }, body: aJsonBody(body) });

    // Assert
    expect(outside).toEqual([]);
  });

  it('does not take a body field under a spelling the payload does not accept as signing the field', () => {
    // Act
    const outside = fieldsOutsideBody({ path: RUN_PATH, body: aJsonBody({ contactlistid: 1, importJobId: 2 }) });

    // Assert
    expect(outside).toEqual(['contactListId']);
  });
});

describe('assertSignatureCovers', () => {
  it('lets through a command wholly inside the body', () => {
    // Act
    const act = () => assertSignatureCovers({ path: RUN_PATH, body: aJsonBody(WHOLE_COMMAND) });

    // Assert
    expect(act).not.toThrow();
  });

  it('refuses a command partly outside the body with 403 Unsigned input, listing each field', () => {
    // Act
    const problem = problemThrownBy(() =>
      assertSignatureCovers({ path: RUN_PATH, query: { customEvents: ['AnyEvent'] }, body: aJsonBody({}) }),
    );

    // Assert
    expect(problem.status).toBe(403);
    expect(problem.title).toBe('Unsigned input');
    expect(problem.extra.errors).toEqual([
      { field: 'contactListId', message: 'is not in the signed body' },
      { field: 'importJobId', message: 'is not in the signed body' },
      { field: 'customEvents', message: 'is not in the signed body' },
    ]);
  });

  it('names the fields in its detail and says how to fix the request', () => {
    // Act
    const problem = problemThrownBy(() =>
      assertSignatureCovers({
        query: { customEvents: ['AnyEvent'] },
        body: aJsonBody({ contactListId: 1, importJobId: 2 }),
      }),
    );

    // Assert
    expect(problem.detail).toContain('customEvents');
    expect(problem.detail).toMatch(/signed body|scope/);
  });
});
