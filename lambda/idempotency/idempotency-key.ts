import type { Authentication } from '../auth/authenticate';
import { Problem } from '../http/problem';

/** Longer keys are refused: no sender needs more, and a key is stored with every record. */
const MAX_KEY_LENGTH = 255;

/** `"abc"` -> `abc`: the IETF draft sends the key as a quoted structured-field string, most senders bare. */
const unquoted = (value: string): string => (/^"[^"]*"$/.test(value) ? value.slice(1, -1) : value);

const tooLong = (name: string): Problem =>
  new Problem(400, 'Invalid idempotency key', `${name}: must be at most ${MAX_KEY_LENGTH} characters`, {
    errors: [{ field: name, message: `must be at most ${MAX_KEY_LENGTH} characters` }],
  });

/** A header's key, trimmed and unquoted; undefined when blank. */
const headerKey = (headers: Readonly<Record<string, string>>, header: string, name: string): string | undefined => {
  const value = unquoted(headers[header]?.trim() ?? '');
  if (value === '') return undefined;
  if (value.length > MAX_KEY_LENGTH) throw tooLong(name);
  return value;
};

/** The sender's key for this request, by how it got in, with the kind it is filed under. */
const senderKey = (
  { principal, messageId }: Authentication,
  headers: Readonly<Record<string, string>>,
): string | undefined => {
  if (messageId !== undefined) {
    const id = messageId.trim();
    if (id.length > MAX_KEY_LENGTH) throw tooLong('webhook-id');
    return `webhook:${id}`;
  }
  const key = headerKey(headers, 'idempotency-key', 'Idempotency-Key');
  if (key !== undefined) return `key:${key}`;
  if (principal.scheme !== 'hub-signature') return undefined;
  const delivery = headerKey(headers, 'x-github-delivery', 'X-GitHub-Delivery');
  return delivery === undefined ? undefined : `github:${delivery}`;
};

/**
 * The idempotency key of an HTTP run, namespaced by its principal (`<principal>/<kind>:<key>`), so
 * that no caller can reserve, or read the answer of, another caller's key. The key itself is, by
 * how the request got in: a verified Standard Webhooks delivery's id (signed with the body, and
 * what the sender repeats on every retry); else the `Idempotency-Key` header, from any credential;
 * else, for a hub-signed delivery, GitHub's `X-GitHub-Delivery`, which a redelivery repeats. An
 * API-key request never keys on `webhook-id`: anyone could send one. No key: the request just runs.
 */
const requestIdempotencyKey = (
  authentication: Authentication,
  headers: Readonly<Record<string, string>>,
): string | undefined => {
  const key = senderKey(authentication, headers);
  return key === undefined ? undefined : `${authentication.principal.name}/${key}`;
};

/**
 * The idempotency key of a schedule's occurrence: its name and its scheduled time, which every
 * retry of that occurrence shares (the scheduler's execution id changes with each attempt). No
 * HTTP key can take this shape, since every HTTP key starts with its principal's name and a `/`.
 */
const scheduleIdempotencyKey = (scheduleName: string, scheduledTime: string): string =>
  `schedule:${scheduleName}@${scheduledTime}`;

export { MAX_KEY_LENGTH, requestIdempotencyKey, scheduleIdempotencyKey };
