/**
 * How the Which50 sandbox writes its answers: the ImportJob and error shapes, content negotiation
 * by `Accept`, and the JSON and DataContract XML renderings an ASP.NET Web API server produces.
 */

/** An import job exactly as the upstream serializes it (PascalCase; a date may be null). */
interface ImportJob {
  Id: number;
  ContactListId: number;
  InvalidEmailCount: number;
  InvalidSmsCount: number;
  ProgressPercent: number;
  CurrentStatus: string | null;
  StartDate: string | null;
  FinishDate: string | null;
  InsertedContacts: number;
  UpdatedContacts: number;
  DroppedContacts: number;
  NotUpdatedContacts: number;
  TotalContacts: number;
}

/** The media types the upstream's formatters answer in, in its formatter order (JSON first). */
type WireFormat = 'application/json' | 'text/json' | 'application/xml' | 'text/xml';

const FORMATS: readonly WireFormat[] = ['application/json', 'text/json', 'application/xml', 'text/xml'];

const DATA_CONTRACT_NAMESPACE = 'http://schemas.datacontract.org/2004/07/W50API.Models.DTO';
const XML_SCHEMA_INSTANCE = 'http://www.w3.org/2001/XMLSchema-instance';

/** What .NET writes for a `DateTime` that was never set. */
const UNSET_DOTNET_DATE = '0001-01-01T00:00:00';

interface AcceptEntry {
  type: string;
  quality: number;
}

const parseAccept = (accept: string): AcceptEntry[] =>
  accept
    .split(',')
    .map((part) => {
      const [type = '', ...params] = part.split(';').map((piece) => piece.trim().toLowerCase());
      const q = params.find((param) => param.startsWith('q='));
      const quality = q === undefined ? 1 : Number(q.slice(2));
      return { type, quality: Number.isFinite(quality) ? quality : 0 };
    })
    .filter((entry) => entry.type !== '' && entry.quality > 0);

const formatFor = (type: string): WireFormat | undefined => {
  if (type === '*/*' || type === 'application/*') return 'application/json';
  if (type === 'text/*') return 'text/json';
  return FORMATS.find((format) => format === type);
};

/**
 * Picks the answer's format the way Web API content negotiation does: the best-rated acceptable
 * media type wins, and a request that accepts nothing it knows still gets JSON, its first formatter.
 */
const negotiateFormat = (accept: string | undefined): WireFormat => {
  const ranked = parseAccept(accept ?? '').sort((a, b) => b.quality - a.quality);
  for (const entry of ranked) {
    const format = formatFor(entry.type);
    if (format !== undefined) return format;
  }
  return 'application/json';
};

const isXml = (format: WireFormat): boolean => format.endsWith('/xml');

const escapeXml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * The DataContract serializer's shape: members sorted ordinally, nulls as `i:nil`, and the
 * contract namespace as the default one, so XML-reading clients see what the real service sends.
 */
const importJobXml = (job: ImportJob): string => {
  const members = Object.entries(job)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) =>
      value === null ? `<${name} i:nil="true"/>` : `<${name}>${escapeXml(String(value))}</${name}>`,
    )
    .join('');
  return `<ImportJob xmlns:i="${XML_SCHEMA_INSTANCE}" xmlns="${DATA_CONTRACT_NAMESPACE}">${members}</ImportJob>`;
};

/** The body of an import job answer in the negotiated format. */
const renderImportJob = (job: ImportJob, format: WireFormat): string =>
  isXml(format) ? importJobXml(job) : JSON.stringify(job);

/** Web API's `HttpError`: `{"Message":...}` in JSON, `<Error><Message>` in XML. */
const renderError = (message: string, format: WireFormat): string =>
  isXml(format) ? `<Error><Message>${escapeXml(message)}</Message></Error>` : JSON.stringify({ Message: message });

const contentTypeOf = (format: WireFormat): string => `${format}; charset=utf-8`;

/**
 * A timestamp as .NET's round-trip pattern `yyyy-MM-ddTHH:mm:ss.FFFFFFFzzz` writes it in UTC:
 * up to seven fractional digits with trailing zeros dropped, then `+00:00`. `subMillisecondTicks`
 * (0..9999, 100 ns each) supplies the digits a JavaScript `Date` lacks.
 */
const dotNetTimestamp = (date: Date, subMillisecondTicks = 0): string => {
  const iso = date.toISOString();
  const ticks = String(Math.trunc(Math.abs(subMillisecondTicks)) % 10_000).padStart(4, '0');
  const fraction = `${iso.slice(20, 23)}${ticks}`.replace(/0+$/, '');
  return `${iso.slice(0, 19)}${fraction === '' ? '' : `.${fraction}`}+00:00`;
};

export type { ImportJob, WireFormat };
export {
  contentTypeOf,
  DATA_CONTRACT_NAMESPACE,
  dotNetTimestamp,
  negotiateFormat,
  renderError,
  renderImportJob,
  UNSET_DOTNET_DATE,
};
