import * as z from 'zod/mini';
import { briefValue } from './brief-value';
import { accepted, type Reading, refused } from './reading';

/** The largest id the upstream takes: a signed 32-bit integer. */
const MAX_ID = 2_147_483_647;

/** A decimal string such as `"42"` or `" 007 "`: digits only once trimmed, no sign or exponent. */
const DecimalDigits = z.pipe(z.string().check(z.trim(), z.regex(/^\d+$/)), z.transform(Number));

/**
 * A contact list or import job id as a caller may send it: a JSON integer or a decimal string
 * (path, query and form values are always strings), from 1 to 2147483647.
 */
const Id = z.pipe(z.union([z.int(), DecimalDigits]), z.number().check(z.gte(1), z.lte(MAX_ID)));

/**
 * Reads one id without throwing, so that a parser can report every refused field at once. The
 * refusal quotes (briefly) what was sent, since "abc", 0 and 1.5 are refused for the same rule.
 */
const readId = (raw: unknown): Reading<number> => {
  const checked = Id.safeParse(raw);
  if (checked.success) return accepted(checked.data);
  return refused(`must be an integer from 1 to ${MAX_ID}, not ${briefValue(raw)}`);
};

export { Id, MAX_ID, readId };
