import { isFormMediaType, isJsonMediaType, mediaTypeOf, unsupportedMediaType } from '../http/media-type';
import { malformedBody } from '../http/problem';
import type { BodyFields, FieldSource } from './field-source';

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const describeJson = (value: unknown): string => {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return `a ${typeof value}`;
};

const ownFields = (object: Record<string, unknown>): Map<string, unknown> => new Map(Object.entries(object));

const readJson = (text: string): BodyFields => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text);
  } catch {
    throw malformedBody('The body is not valid JSON.');
  }
  if (!isPlainObject(parsed)) {
    throw malformedBody(
      `The JSON body must be an object such as {"contactListId":1,"importJobId":2}, not ${describeJson(parsed)}.`,
    );
  }
  const top: FieldSource = { origin: 'body', fields: ownFields(parsed) };
  const data = Object.hasOwn(parsed, 'data') ? parsed.data : undefined;
  return isPlainObject(data) ? [top, { origin: 'body data', fields: ownFields(data) }] : [top];
};

const readForm = (text: string): BodyFields => {
  const fields = new Map<string, unknown>();
  for (const [key, value] of new URLSearchParams(text)) {
    const earlier = fields.get(key);
    if (earlier === undefined) fields.set(key, value);
    else if (Array.isArray(earlier)) earlier.push(value);
    else fields.set(key, [earlier, value]);
  }
  return [{ origin: 'body', fields }];
};

/**
 * Turns a request body (already decoded to text) into the fields the payload parser reads, by its
 * Content-Type: JSON (whose `data` object, if any, is a second source beside the top level) or a
 * form, where a repeated key becomes a list. An empty body is no body, whatever its type, so a
 * request with everything in the path or query needs no Content-Type. Throws 400 for a body that
 * is not what its type claims and 415 for a type the adapter does not read.
 */
const readBody = (contentType: string | undefined, text: string): BodyFields | undefined => {
  if (text.trim() === '') return undefined;
  const mediaType = mediaTypeOf(contentType);
  if (isJsonMediaType(mediaType)) return readJson(text);
  if (isFormMediaType(mediaType)) return readForm(text);
  throw unsupportedMediaType(contentType);
};

export { readBody };
