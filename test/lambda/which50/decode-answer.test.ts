import { afterEach, describe, expect, it, vi } from 'vitest';
import { Problem } from '../../../lambda/http/problem';
import { decodeImportJobAnswer } from '../../../lambda/which50/decode-answer';
import { expectedImportJob, type UpstreamFields, upstreamImportJob } from '../../support/import-job-factories';

const XSI_NAMESPACE = 'http://www.w3.org/2001/XMLSchema-instance';
const DTO_NAMESPACE = 'http://schemas.datacontract.org/2004/07/W50API.Models.DTO';

const importJobJson = (fields: UpstreamFields = upstreamImportJob()): string => JSON.stringify(fields);

interface XmlStyle {
  /** Elements in alphabetical order, as the DataContract serializer writes them, unless false. */
  alphabetical?: boolean;
  /** Prefix for the root and every element, bound to the DTO namespace; '' uses the default namespace. */
  prefix?: string;
  /** Prefix bound to the XMLSchema-instance namespace, used for `nil`. */
  nilPrefix?: string;
  root?: string;
}

/** An ImportJob as the DataContract serializer writes it; a null field becomes a nil element. */
const importJobXml = (
  fields: UpstreamFields = upstreamImportJob(),
  { alphabetical = true, prefix = '', nilPrefix = 'i', root = 'ImportJob' }: XmlStyle = {},
): string => {
  const names = alphabetical ? Object.keys(fields).sort() : Object.keys(fields);
  const tag = (name: string) => (prefix === '' ? name : `${prefix}:${name}`);
  const children = names.map((name) => {
    const value = fields[name];
    return value === null || value === undefined
      ? `<${tag(name)} ${nilPrefix}:nil="true"/>`
      : `<${tag(name)}>${String(value)}</${tag(name)}>`;
  });
  const dtoNamespace = prefix === '' ? `xmlns="${DTO_NAMESPACE}"` : `xmlns:${prefix}="${DTO_NAMESPACE}"`;
  return `<${tag(root)} xmlns:${nilPrefix}="${XSI_NAMESPACE}" ${dtoNamespace}>${children.join('')}</${tag(root)}>`;
};

/** The documented sample, every count 1 and the status "sample string 2". */
const documentedSampleFields = (): UpstreamFields => ({
  Id: 1,
  ContactListId: 1,
  InvalidEmailCount: 1,
  InvalidSmsCount: 1,
  ProgressPercent: 1,
  CurrentStatus: 'sample string 2',
  StartDate: '2024-12-27T18:22:13.643685+00:00',
  FinishDate: '2024-12-27T18:22:13.643685+00:00',
  InsertedContacts: 1,
  UpdatedContacts: 1,
  DroppedContacts: 1,
  NotUpdatedContacts: 1,
  TotalContacts: 1,
});

const MALFORMED = { status: 502, title: 'Upstream answer malformed' };

describe('decodeImportJobAnswer', () => {
  describe('the documented samples', () => {
    it('reads the documented JSON sample', async () => {
      // Arrange
      const body = importJobJson(documentedSampleFields());

      // Act
      const job = await decodeImportJobAnswer('application/json; charset=utf-8', body);

      // Assert
      expect(job).toEqual({
        id: 1,
        contactListId: 1,
        currentStatus: 'sample string 2',
        progressPercent: 1,
        startDate: '2024-12-27T18:22:13.643Z',
        finishDate: '2024-12-27T18:22:13.643Z',
        invalidEmailCount: 1,
        invalidSmsCount: 1,
        insertedContacts: 1,
        updatedContacts: 1,
        droppedContacts: 1,
        notUpdatedContacts: 1,
        totalContacts: 1,
      });
    });

    it('reads the documented XML sample into the same ImportJob as the JSON one', async () => {
      // Arrange
      const fields = documentedSampleFields();
      const fromJson = await decodeImportJobAnswer('application/json', importJobJson(fields));

      // Act
      const fromXml = await decodeImportJobAnswer('application/xml; charset=utf-8', importJobXml(fields));

      // Assert
      expect(fromXml).toEqual(fromJson);
    });

    it('reads every field from XML', async () => {
      // Arrange
      const body = importJobXml();

      // Act
      const job = await decodeImportJobAnswer('application/xml', body);

      // Assert
      expect(job).toEqual(expectedImportJob());
    });
  });

  describe('media types', () => {
    it.each([
      'application/json',
      'text/json',
      'application/csp-report',
      'application/vnd.which50+json',
      'Application/JSON',
      'application/json; charset=utf-8',
      'text/json;charset="UTF-8"',
    ])('reads %j as JSON', async (contentType) => {
      // Act
      const job = await decodeImportJobAnswer(contentType, importJobJson());

      // Assert
      expect(job).toEqual(expectedImportJob());
    });

    it.each(['application/xml', 'text/xml', 'application/vnd.which50+xml', 'TEXT/XML; charset=utf-16'])(
      'reads %j as XML',
      async (contentType) => {
        // Act
        const job = await decodeImportJobAnswer(contentType, importJobXml());

        // Assert
        expect(job).toEqual(expectedImportJob());
      },
    );

    it('reads a JSON body without a Content-Type as JSON', async () => {
      // Act
      const job = await decodeImportJobAnswer(undefined, `\n  ${importJobJson()}`);

      // Assert
      expect(job).toEqual(expectedImportJob());
    });

    it('reads an XML body without a Content-Type as XML', async () => {
      // Act
      const job = await decodeImportJobAnswer('', ` ${importJobXml()}`);

      // Assert
      expect(job).toEqual(expectedImportJob());
    });

    it('refuses a body without a Content-Type that is neither JSON nor XML', async () => {
      // Act
      const decoding = decodeImportJobAnswer(undefined, 'Id=41&ContactListId=7');

      // Assert
      await expect(decoding).rejects.toMatchObject(MALFORMED);
    });

    it.each(['text/html', 'text/plain', 'application/octet-stream'])(
      'refuses a %s answer, naming the type',
      async (contentType) => {
        // Act
        const decoding = decodeImportJobAnswer(`${contentType}; charset=utf-8`, importJobJson());

        // Assert
        await expect(decoding).rejects.toMatchObject({ ...MALFORMED, detail: expect.stringContaining(contentType) });
      },
    );

    it('refuses an HTML error page even though it starts with markup', async () => {
      // Arrange
      const body = '<!DOCTYPE html><html><body><h1>Service Unavailable</h1></body></html>';

      // Act
      const decoding = decodeImportJobAnswer('text/html', body);

      // Assert
      await expect(decoding).rejects.toMatchObject(MALFORMED);
    });

    it('does not load the XML parser for a JSON answer', async () => {
      // Arrange
      vi.resetModules();
      vi.doMock('fast-xml-parser', () => {
        throw new Error('the XML parser was loaded');
      });
      const fresh = await import('../../../lambda/which50/decode-answer');

      // Act
      const job = await fresh.decodeImportJobAnswer('application/json', importJobJson());

      // Assert
      expect(job).toEqual(expectedImportJob());
    });

    afterEach(() => {
      vi.doUnmock('fast-xml-parser');
      vi.resetModules();
    });
  });

  describe('bodies that are not an answer', () => {
    it.each([
      ['empty', ''],
      ['blank', ' \r\n\t'],
      ['only a byte order mark', '\uFEFF'],
    ])('refuses an %s body', async (_label, body) => {
      // Act
      const decoding = decodeImportJobAnswer('application/json', body);

      // Assert
      await expect(decoding).rejects.toMatchObject({ ...MALFORMED, detail: expect.stringContaining('empty') });
    });

    it('refuses broken JSON without quoting it', async () => {
      // Arrange
      const body = `{"Id": 41, "CurrentStatus": "secret-looking-${'x'.repeat(100)}"`;

      // Act
      const error: unknown = await decodeImportJobAnswer('application/json', body).catch((thrown: unknown) => thrown);

      // Assert
      expect(error).toBeInstanceOf(Problem);
      expect(error).toMatchObject(MALFORMED);
      expect((error as Problem).detail).not.toContain('secret-looking');
    });

    it.each([
      ['an unclosed root', '<ImportJob><Id>41</Id><ContactListId>7</ContactListId>'],
      ['crossed tags', '<ImportJob><Id>41</ContactListId></Id></ImportJob>'],
      ['text that is no markup', '<ImportJob'],
    ])('refuses XML with %s', async (_label, body) => {
      // Act
      const decoding = decodeImportJobAnswer('application/xml', body);

      // Assert
      await expect(decoding).rejects.toMatchObject(MALFORMED);
    });

    it('refuses a JSON list', async () => {
      // Act
      const decoding = decodeImportJobAnswer('application/json', `[${importJobJson()}]`);

      // Assert
      await expect(decoding).rejects.toMatchObject(MALFORMED);
    });

    it('refuses JSON null', async () => {
      // Act
      const decoding = decodeImportJobAnswer('application/json', 'null');

      // Assert
      await expect(decoding).rejects.toMatchObject(MALFORMED);
    });

    it('refuses XML whose root is not ImportJob, naming the root', async () => {
      // Arrange
      const body = importJobXml(upstreamImportJob(), { root: 'Contact' });

      // Act
      const decoding = decodeImportJobAnswer('application/xml', body);

      // Assert
      await expect(decoding).rejects.toMatchObject({ ...MALFORMED, detail: expect.stringContaining('Contact') });
    });

    it('refuses XML with two roots', async () => {
      // Arrange
      const body = `${importJobXml()}${importJobXml()}`;

      // Act
      const decoding = decodeImportJobAnswer('application/xml', body);

      // Assert
      await expect(decoding).rejects.toMatchObject(MALFORMED);
    });

    it('refuses a DOCTYPE, the door to entity expansion', async () => {
      // Arrange
      const laughs = Array.from(
        { length: 9 },
        (_, level) => `<!ENTITY lol${level + 1} "${`&lol${level};`.repeat(10)}">`,
      ).join('');
      const doctype = `<!DOCTYPE ImportJob [<!ENTITY lol0 "lol">${laughs}]>`;
      const body = `<?xml version="1.0"?>${doctype}${importJobXml(upstreamImportJob({ CurrentStatus: '&lol9;' }))}`;

      // Act
      const decoding = decodeImportJobAnswer('application/xml', body);

      // Assert
      await expect(decoding).rejects.toMatchObject({ ...MALFORMED, detail: expect.stringContaining('DOCTYPE') });
    });

    it('refuses an element that appears twice', async () => {
      // Arrange
      const body = importJobXml().replace('<Id>41</Id>', '<Id>41</Id><Id>42</Id>');

      // Act
      const decoding = decodeImportJobAnswer('application/xml', body);

      // Assert
      await expect(decoding).rejects.toMatchObject({ ...MALFORMED, detail: expect.stringContaining('Id') });
    });

    it('refuses an element holding elements where a value belongs', async () => {
      // Arrange
      const body = importJobXml().replace('>46</TotalContacts>', '><Value>46</Value></TotalContacts>');

      // Act
      const decoding = decodeImportJobAnswer('application/xml', body);

      // Assert
      await expect(decoding).rejects.toMatchObject({ ...MALFORMED, detail: expect.stringContaining('TotalContacts') });
    });

    it('refuses an XML answer without Id', async () => {
      // Arrange
      const { Id: _id, ...fields } = upstreamImportJob();

      // Act
      const decoding = decodeImportJobAnswer('application/xml', importJobXml(fields));

      // Assert
      await expect(decoding).rejects.toMatchObject({ ...MALFORMED, detail: expect.stringContaining('Id') });
    });

    it('refuses an empty ImportJob element', async () => {
      // Act
      const decoding = decodeImportJobAnswer('application/xml', `<ImportJob xmlns="${DTO_NAMESPACE}"/>`);

      // Assert
      await expect(decoding).rejects.toMatchObject(MALFORMED);
    });
  });

  describe('null and missing values', () => {
    it('reads JSON null as null', async () => {
      // Arrange
      const body = importJobJson(upstreamImportJob({ FinishDate: null, TotalContacts: null }));

      // Act
      const job = await decodeImportJobAnswer('application/json', body);

      // Assert
      expect(job).toEqual(expectedImportJob({ finishDate: null, totalContacts: null }));
    });

    it('reads an i:nil element as null', async () => {
      // Arrange
      const body = importJobXml(upstreamImportJob({ FinishDate: null, ProgressPercent: null, CurrentStatus: null }));

      // Act
      const job = await decodeImportJobAnswer('text/xml', body);

      // Assert
      expect(job).toEqual(expectedImportJob({ finishDate: null, progressPercent: null, currentStatus: null }));
    });

    it('reads nil under any prefix bound to the XMLSchema-instance namespace', async () => {
      // Arrange
      const body = importJobXml(upstreamImportJob({ FinishDate: null }), { nilPrefix: 'xsi' });

      // Act
      const job = await decodeImportJobAnswer('text/xml', body);

      // Assert
      expect(job.finishDate).toBeNull();
    });

    it('reads an element with nil="false" by its value', async () => {
      // Arrange
      const body = importJobXml().replace('<TotalContacts>', '<TotalContacts i:nil="false">');

      // Act
      const job = await decodeImportJobAnswer('text/xml', body);

      // Assert
      expect(job.totalContacts).toBe(46);
    });

    it('answers null, not 0, for elements the XML leaves out', async () => {
      // Arrange
      const { InsertedContacts: _inserted, StartDate: _start, ...fields } = upstreamImportJob();

      // Act
      const job = await decodeImportJobAnswer('application/xml', importJobXml(fields));

      // Assert
      expect(job).toEqual(expectedImportJob({ insertedContacts: null, startDate: null }));
    });

    it('reads .NET unset date in XML as null', async () => {
      // Arrange
      const body = importJobXml(upstreamImportJob({ FinishDate: '0001-01-01T00:00:00' }));

      // Act
      const job = await decodeImportJobAnswer('application/xml', body);

      // Assert
      expect(job.finishDate).toBeNull();
    });

    it('reads an empty status element as empty text', async () => {
      // Arrange
      const body = importJobXml().replace('<CurrentStatus>Finished</CurrentStatus>', '<CurrentStatus/>');

      // Act
      const job = await decodeImportJobAnswer('application/xml', body);

      // Assert
      expect(job.currentStatus).toBe('');
    });
  });

  describe('XML spellings', () => {
    it('reads elements in any order', async () => {
      // Arrange
      const reversed = Object.fromEntries(Object.entries(upstreamImportJob()).reverse());

      // Act
      const job = await decodeImportJobAnswer('application/xml', importJobXml(reversed, { alphabetical: false }));

      // Assert
      expect(job).toEqual(expectedImportJob());
    });

    it('reads a prefixed namespace on the root and every element', async () => {
      // Arrange
      const body = importJobXml(upstreamImportJob({ FinishDate: null }), { prefix: 'dto' });

      // Act
      const job = await decodeImportJobAnswer('application/xml', body);

      // Assert
      expect(job).toEqual(expectedImportJob({ finishDate: null }));
    });

    it('reads an ImportJob without any namespace', async () => {
      // Arrange
      const body = '<ImportJob><Id>41</Id><ContactListId>7</ContactListId></ImportJob>';

      // Act
      const job = await decodeImportJobAnswer('application/xml', body);

      // Assert
      expect(job).toMatchObject({ id: 41, contactListId: 7, totalContacts: null });
    });

    it('ignores whitespace around values and between elements', async () => {
      // Arrange
      const fields = upstreamImportJob({ Id: '\n  41\n', CurrentStatus: '  Running  ' });
      const body = importJobXml(fields).replaceAll('><', '>\n  <');

      // Act
      const job = await decodeImportJobAnswer('application/xml', body);

      // Assert
      expect(job).toEqual(expectedImportJob({ currentStatus: 'Running' }));
    });

    it('keeps leading zeros and long digit strings as the digits they are', async () => {
      // Arrange
      const body = importJobXml(upstreamImportJob({ Id: '0041', TotalContacts: '000000000000000000046' }));

      // Act
      const job = await decodeImportJobAnswer('application/xml', body);

      // Assert
      expect(job).toEqual(expectedImportJob());
    });

    it('keeps a status made of digits as the text it is', async () => {
      // Arrange
      const body = importJobXml(upstreamImportJob({ CurrentStatus: '007' }));

      // Act
      const job = await decodeImportJobAnswer('application/xml', body);

      // Assert
      expect(job.currentStatus).toBe('007');
    });

    it('refuses digits too long to hold exactly, rather than rounding them', async () => {
      // Arrange
      const body = importJobXml(upstreamImportJob({ TotalContacts: '9007199254740993' }));

      // Act
      const decoding = decodeImportJobAnswer('application/xml', body);

      // Assert
      await expect(decoding).rejects.toMatchObject(MALFORMED);
    });

    it('resolves the predefined entities and character references in text', async () => {
      // Arrange
      const body = importJobXml(
        upstreamImportJob({ CurrentStatus: 'Done &amp; dusted &lt;ok&gt; caf&#233; &#x2713;' }),
      );

      // Act
      const job = await decodeImportJobAnswer('application/xml', body);

      // Assert
      expect(job.currentStatus).toBe('Done & dusted <ok> café ✓');
    });

    it('reads an XML declaration, a byte order mark and comments', async () => {
      // Arrange
      const body = `\uFEFF<?xml version="1.0" encoding="utf-8"?><!-- status -->${importJobXml()}`;

      // Act
      const job = await decodeImportJobAnswer('application/xml', body);

      // Assert
      expect(job).toEqual(expectedImportJob());
    });

    it('ignores attributes other than nil', async () => {
      // Arrange
      const body = importJobXml().replace('<TotalContacts>', '<TotalContacts unit="contacts">');

      // Act
      const job = await decodeImportJobAnswer('application/xml', body);

      // Assert
      expect(job.totalContacts).toBe(46);
    });
  });

  describe('JSON spellings', () => {
    it('reads camelCase keys', async () => {
      // Arrange
      const fields = Object.fromEntries(
        Object.entries(upstreamImportJob()).map(([key, value]) => [`${key[0]?.toLowerCase()}${key.slice(1)}`, value]),
      );

      // Act
      const job = await decodeImportJobAnswer('application/json', importJobJson(fields));

      // Assert
      expect(job).toEqual(expectedImportJob());
    });

    it('reads a JSON body that starts with a byte order mark', async () => {
      // Act
      const job = await decodeImportJobAnswer('application/json', `\uFEFF${importJobJson()}`);

      // Assert
      expect(job).toEqual(expectedImportJob());
    });

    it('trims the status', async () => {
      // Arrange
      const body = importJobJson(upstreamImportJob({ CurrentStatus: '\t Running \n' }));

      // Act
      const job = await decodeImportJobAnswer('application/json', body);

      // Assert
      expect(job.currentStatus).toBe('Running');
    });
  });
});
