import { Problem } from '../http/problem';

/** Longer keys are refused: no sender needs more, and a key is stored with every record. */
const MAX_KEY_LENGTH = 255;

/** The headers a key is read from, in order of preference, with the kind each key is filed under. */
const KEY_HEADERS = [
  { header: 'webhook-id', name: 'webhook-id', kind: 'webhook' },
  { header: 'idempotency-key', name: 'Idempotency-Key', kind: 'key' },
] as const;

/** `"abc"` -> `abc`: the IETF draft sends the key as a quoted structured-field string, most senders bare. */
const unquoted = (value: string): string => (/^"[^"]*"$/.test(value) ? value.slice(1, -1) : value);

const tooLong = (name: string): Problem =>
  new Problem(400, 'Invalid idempotency key', `${name}: must be at most ${MAX_KEY_LENGTH} characters`, {
    errors: [{ field: name, message: `must be at most ${MAX_KEY_LENGTH} characters` }],
  });

/**
 * The idempotency key of an HTTP run: `webhook:<webhook-id>` (what Standard Webhooks senders repeat
 * on every retry of one message), else `key:<Idempotency-Key>`, else none, and then the request
 * simply runs. The kind prefix keeps a header from ever naming a schedule's occurrence. A blank
 * header counts as absent; an overlong one is a 400.
 */
const requestIdempotencyKey = (headers: Readonly<Record<string, string>>): string | undefined => {
  for (const { header, name, kind } of KEY_HEADERS) {
    const value = unquoted(headers[header]?.trim() ?? '');
    if (value === '') continue;
    if (value.length > MAX_KEY_LENGTH) throw tooLong(name);
    return `${kind}:${value}`;
  }
  return undefined;
};

/**
 * The idempotency key of a schedule's occurrence: its name and its scheduled time, which every
 * retry of that occurrence shares (the scheduler's execution id changes with each attempt).
 */
const scheduleIdempotencyKey = (scheduleName: string, scheduledTime: string): string =>
  `schedule:${scheduleName}@${scheduledTime}`;

export { MAX_KEY_LENGTH, requestIdempotencyKey, scheduleIdempotencyKey };
