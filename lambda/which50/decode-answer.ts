import { type ImportJob, normalizeImportJob } from '../import-job';
import { malformedUpstreamAnswer, quoteUpstreamText } from '../malformed-upstream-answer';

type WireFormat = 'json' | 'xml';

/** The formats Which50 offers: JSON (`application/csp-report` is its odd alias for JSON) and XML. */
const JSON_MEDIA_TYPES: ReadonlySet<string> = new Set(['application/json', 'text/json', 'application/csp-report']);
const XML_MEDIA_TYPES: ReadonlySet<string> = new Set(['application/xml', 'text/xml']);

const withoutByteOrderMark = (body: string): string => (body.startsWith('\uFEFF') ? body.slice(1) : body);

/** `Application/JSON; charset=utf-8` -> `application/json`. */
const mediaTypeOf = (contentType: string | undefined): string =>
  (contentType ?? '').split(';', 1)[0]?.trim().toLowerCase() ?? '';

const formatOfMediaType = (mediaType: string): WireFormat | undefined => {
  if (JSON_MEDIA_TYPES.has(mediaType) || (mediaType.includes('/') && mediaType.endsWith('+json'))) return 'json';
  if (XML_MEDIA_TYPES.has(mediaType) || (mediaType.includes('/') && mediaType.endsWith('+xml'))) return 'xml';
  return undefined;
};

/** For an answer without a Content-Type: an object is JSON, markup is XML. */
const sniffFormat = (text: string): WireFormat | undefined => {
  const first = text.trimStart()[0];
  if (first === '{') return 'json';
  if (first === '<') return 'xml';
  return undefined;
};

const wireFormatOf = (contentType: string | undefined, text: string): WireFormat => {
  const mediaType = mediaTypeOf(contentType);
  if (mediaType === '') {
    const sniffed = sniffFormat(text);
    if (sniffed === undefined) {
      throw malformedUpstreamAnswer('Which50 answered without a Content-Type, and the body is neither JSON nor XML');
    }
    return sniffed;
  }
  const format = formatOfMediaType(mediaType);
  if (format === undefined) {
    throw malformedUpstreamAnswer(`Which50 answered ${quoteUpstreamText(mediaType)}, which is neither JSON nor XML`);
  }
  return format;
};

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    // The parser's message quotes the body, so it is not passed on.
    throw malformedUpstreamAnswer('Which50 answered JSON that could not be parsed');
  }
};

/**
 * Reads a Which50 ImportJob answer by its Content-Type (parameters ignored), sniffing only when the
 * header is missing. JSON and XML give the same ImportJob. An empty, unreadable or unexpected answer
 * is a 502: the run's outcome is then unknown, and the caller must not be told otherwise.
 */
const decodeImportJobAnswer = async (contentType: string | undefined, body: string): Promise<ImportJob> => {
  const text = withoutByteOrderMark(body);
  if (text.trim() === '') throw malformedUpstreamAnswer('Which50 answered with an empty body');
  const record =
    wireFormatOf(contentType, text) === 'json'
      ? parseJson(text)
      : await (await import('./decode-xml')).xmlImportJob(text);
  return normalizeImportJob(record);
};

export { decodeImportJobAnswer, formatOfMediaType, mediaTypeOf, sniffFormat, withoutByteOrderMark };
