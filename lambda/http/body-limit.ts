import { isReadableContentType, unsupportedMediaType } from './media-type';
import { malformedBody, Problem } from './problem';

/** The most a request body may weigh on these routes; a run payload is a few hundred bytes. */
const BODY_LIMIT_BYTES = 64 * 1024;

/** Refuses an oversized body before any credential check or parsing spends time on it. */
const assertBodyWithinLimit = (rawBody: Buffer): void => {
  if (rawBody.byteLength > BODY_LIMIT_BYTES) {
    throw new Problem(
      413,
      'Payload too large',
      `The body has ${rawBody.byteLength} bytes; the limit is ${BODY_LIMIT_BYTES}.`,
    );
  }
};

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The body as text; bytes that are not UTF-8 are a malformed body, not a string of replacement
 * marks. The contract checks the content type (415) before the payload (400), so bytes that are
 * not UTF-8 under a Content-Type the adapter does not read at all (an image, say) are a 415.
 */
const bodyText = (rawBody: Buffer, contentType: string | undefined): string => {
  try {
    return utf8.decode(rawBody);
  } catch {
    throw isReadableContentType(contentType)
      ? malformedBody('The body is not valid UTF-8.')
      : unsupportedMediaType(contentType);
  }
};

export { assertBodyWithinLimit, BODY_LIMIT_BYTES, bodyText };
