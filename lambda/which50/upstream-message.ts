import { formatOfMediaType, mediaTypeOf, sniffFormat, withoutByteOrderMark } from './decode-answer';
import { decodeXmlReferences, isPlainRecord } from './decode-xml';

/** How much of an upstream error message may reach a problem detail or a log line. */
const MAX_MESSAGE_CHARACTERS = 500;

/** An ASP.NET error's `<Message>` element, under any namespace prefix. */
const XML_MESSAGE = /<(?:[A-Za-z_][\w.-]*:)?Message(?:\s[^>]*)?>([^<]*)<\/(?:[A-Za-z_][\w.-]*:)?Message\s*>/;

const jsonMessage = (text: string): string | undefined => {
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'string') return parsed;
    if (!isPlainRecord(parsed)) return undefined;
    const message = Object.entries(parsed).find(([key]) => key.toLowerCase() === 'message')?.[1];
    return typeof message === 'string' ? message : undefined;
  } catch {
    return undefined;
  }
};

const xmlMessage = (text: string): string | undefined => {
  const message = XML_MESSAGE.exec(text)?.[1];
  return message === undefined ? undefined : decodeXmlReferences(message);
};

/** One line, control characters and runs of whitespace folded to a space, cut to a length. */
const asShortLine = (text: string, maxCharacters: number): string => {
  const line = text.replace(/[\s\p{Cc}]+/gu, ' ').trim();
  return Array.from(line.slice(0, 2 * maxCharacters))
    .slice(0, maxCharacters)
    .join('');
};

/**
 * The gist of an upstream refusal (400, 409, 417, 422) for a problem detail: ASP.NET's `Message`
 * from a JSON `{"Message": ...}` or XML `<Error><Message>` body, else the raw text, on one line and
 * cut to 500 characters. It is only ever shown, never acted on, since the body is undocumented.
 */
const readUpstreamMessage = (contentType: string | undefined, body: string): string => {
  const text = withoutByteOrderMark(body);
  const mediaType = mediaTypeOf(contentType);
  const format = mediaType === '' ? sniffFormat(text) : formatOfMediaType(mediaType);
  const message = format === 'json' ? jsonMessage(text) : format === 'xml' ? xmlMessage(text) : undefined;
  return asShortLine(message ?? text, MAX_MESSAGE_CHARACTERS);
};

export { MAX_MESSAGE_CHARACTERS, readUpstreamMessage };
