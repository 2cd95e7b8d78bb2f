import { type FieldError, invalidPayload } from '../http/problem';
import { agreedValue, type FieldRule } from './agreed-value';
import type { FieldSource } from './field-source';
import { accepted, type Reading, refused } from './reading';
import { entriesOf, sightingsOf } from './sightings';

/**
 * What an async run asks beyond its command: where to report its end (checked against the
 * callback policy later, where the policy is known) and whether to follow the job to its end.
 */
interface AsyncRunRequest {
  readonly callbackUrl: string | null;
  /** `"follow": true`, or implied by a callback URL: a callback reports the end, so the run must see it. */
  readonly follow: boolean;
}

/** `true`/`false` as JSON, or as the strings a form or query sends (any case, trimmed). */
const readFollow = (raw: unknown): Reading<boolean> => {
  if (typeof raw === 'boolean') return accepted(raw);
  const text = typeof raw === 'string' ? raw.trim().toLowerCase() : undefined;
  if (text === 'true') return accepted(true);
  if (text === 'false') return accepted(false);
  return refused('must be true or false');
};

const FOLLOW_RULE: FieldRule<boolean> = { read: readFollow, same: (left, right) => left === right };

/**
 * The one callback URL every sighting agrees on. Refusals never quote it: its path or query may
 * carry the receiver's token.
 */
const callbackUrlOf = (sources: readonly FieldSource[]): Reading<string | null> => {
  const values = entriesOf(sightingsOf('callbackUrl', sources)).map(({ value }) => value);
  if (values.length === 0) return accepted(null);
  if (!values.every((value): value is string => typeof value === 'string' && value.trim() !== '')) {
    return refused('must be a URL');
  }
  const [first] = values;
  if (values.some((value) => value.trim() !== first?.trim())) {
    return refused(`was given ${values.length} times with different values`);
  }
  return accepted(first?.trim() ?? null);
};

/**
 * Reads an async run's own fields from every source, by the same agreement rules as the command,
 * and throws a 400 listing each refused field.
 */
const parseAsyncRequest = (sources: readonly FieldSource[]): AsyncRunRequest => {
  const callbackUrl = callbackUrlOf(sources);
  const follow = agreedValue(sightingsOf('follow', sources), FOLLOW_RULE);
  const errors: FieldError[] = [
    ...(callbackUrl.ok ? [] : [{ field: 'callbackUrl', message: callbackUrl.reason }]),
    ...(follow.ok ? [] : [{ field: 'follow', message: follow.reason }]),
  ];
  if (!callbackUrl.ok || !follow.ok) throw invalidPayload(errors);
  return { callbackUrl: callbackUrl.value, follow: follow.value === true || callbackUrl.value !== null };
};

export { type AsyncRunRequest, parseAsyncRequest };
