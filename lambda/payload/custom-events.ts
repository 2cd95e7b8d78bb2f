import { invalidPayload } from '../http/problem';
import { briefValue } from './brief-value';
import { accepted, type Reading, refused } from './reading';

const MAX_EVENTS = 50;
const MAX_EVENT_NAME_LENGTH = 128;

/**
 * A custom-event name as the upstream accepts it, already trimmed: 1 to 128 code points (the `u`
 * flag counts code points), no comma, because the comma separates names on the wire, no control
 * character, and well-formed Unicode, because a lone surrogate cannot be percent-encoded into the
 * upstream URL. One test of one pattern: a list of 50 names is read in a few microseconds.
 */
const VALID_EVENT_NAME = new RegExp(`^[^,\\p{Cc}\\p{Cs}]{1,${MAX_EVENT_NAME_LENGTH}}$`, 'u');

/** Why `name` (trimmed, not empty) is not a valid event name; looked for only once it is refused. */
const eventNameProblem = (name: string): string => {
  if ([...name].length > MAX_EVENT_NAME_LENGTH) return `is longer than ${MAX_EVENT_NAME_LENGTH} characters`;
  if (name.includes(',')) return 'contains a comma';
  if (/\p{Cc}/u.test(name)) return 'contains a control character';
  return 'is not well-formed Unicode (lone surrogate)';
};

/** Why `name` (trimmed, not empty) is refused as a custom-event name, or undefined when it is valid. */
const refusedEventName = (name: string): string | undefined =>
  VALID_EVENT_NAME.test(name) ? undefined : eventNameProblem(name);

const kindOf = (value: unknown): string => {
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'number') return 'a number';
  if (typeof value === 'boolean') return 'a boolean';
  return `a ${typeof value}`;
};

const readEntries = (entries: readonly unknown[]): Reading<string[]> => {
  const events: string[] = [];
  const seen = new Set<string>();
  for (const [index, entry] of entries.entries()) {
    const position = `entry ${index + 1}`;
    if (typeof entry !== 'string') return refused(`${position} (${briefValue(entry)}) is not a string`);
    const name = entry.trim();
    if (name === '' || seen.has(name)) continue;
    const problem = refusedEventName(name);
    if (problem !== undefined) return refused(`${position} (${briefValue(name)}) ${problem}`);
    seen.add(name);
    events.push(name);
  }
  if (events.length > MAX_EVENTS) {
    return refused(`has ${events.length} distinct names; at most ${MAX_EVENTS} are allowed`);
  }
  return accepted(events);
};

/**
 * Reads the events a caller sent into the list the upstream will run, without throwing, so that a
 * caller checking several fields can report them all at once. Accepts a list of names (a JSON
 * array or a repeated query or form key: each entry is one name) or one comma-separated string;
 * `null` or `undefined` means none. Names are trimmed, empty ones dropped, and a repeated name
 * keeps its first place.
 */
const readCustomEvents = (raw: unknown): Reading<string[]> => {
  if (raw === null || raw === undefined) return accepted([]);
  if (typeof raw === 'string') return readEntries(raw.split(','));
  if (Array.isArray(raw)) return readEntries(raw);
  return refused(`must be a list of names or one comma-separated string, not ${kindOf(raw)}`);
};

/**
 * Reads the events a caller sent (see `readCustomEvents`), throwing the 400 problem for field
 * `customEvents` when they are refused. Every sender (form, JSON, query, schedule) goes through
 * the same rules, so there is one place that decides what a valid list is.
 */
const parseCustomEvents = (raw: unknown): string[] => {
  const reading = readCustomEvents(raw);
  if (!reading.ok) throw invalidPayload([{ field: 'customEvents', message: reading.reason }]);
  return reading.value;
};

/**
 * The upstream's `customevents` query value: each name percent-encoded on its own and the names
 * joined by literal commas, so that a name can never be split or merged by the upstream.
 */
const toCustomEventsQuery = (events: readonly string[]): string =>
  events.map((name) => encodeURIComponent(name)).join(',');

export { MAX_EVENT_NAME_LENGTH, MAX_EVENTS, parseCustomEvents, readCustomEvents, toCustomEventsQuery };
