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

/** The body as text; bytes that are not UTF-8 are a malformed body, not a string of replacement marks. */
const bodyText = (rawBody: Buffer): string => {
  try {
    return utf8.decode(rawBody);
  } catch {
    throw malformedBody('The body is not valid UTF-8.');
  }
};

export { assertBodyWithinLimit, BODY_LIMIT_BYTES, bodyText };
