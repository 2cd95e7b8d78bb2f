import { briefValue } from '../payload/brief-value';
import { Problem } from './problem';

const ACCEPTED_TYPES = 'application/json (or any application/*+json) or application/x-www-form-urlencoded';

/** The media type alone, lower-cased: `Application/JSON; charset=utf-8` is `application/json`. */
const mediaTypeOf = (contentType: string | undefined): string =>
  ((contentType ?? '').split(';')[0] ?? '').trim().toLowerCase();

const isJsonMediaType = (mediaType: string): boolean =>
  mediaType === 'application/json' || /^application\/[^/\s]+\+json$/.test(mediaType);

const isFormMediaType = (mediaType: string): boolean => mediaType === 'application/x-www-form-urlencoded';

/** True when the adapter reads a body of this Content-Type (JSON or a form). */
const isReadableContentType = (contentType: string | undefined): boolean => {
  const mediaType = mediaTypeOf(contentType);
  return isJsonMediaType(mediaType) || isFormMediaType(mediaType);
};

/** The 415 of a body whose Content-Type the adapter does not read, naming the ones it does. */
const unsupportedMediaType = (contentType: string | undefined): Problem =>
  new Problem(
    415,
    'Unsupported media type',
    contentType === undefined || contentType.trim() === ''
      ? `A body was sent without a Content-Type; send ${ACCEPTED_TYPES}.`
      : `Content-Type ${briefValue(contentType)} is not supported; send ${ACCEPTED_TYPES}.`,
  );

export { isFormMediaType, isJsonMediaType, isReadableContentType, mediaTypeOf, unsupportedMediaType };
