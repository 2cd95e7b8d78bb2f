import * as z from 'zod';
import { readCustomEvents } from '../lambda/payload/custom-events';
import { readId } from '../lambda/payload/import-id';
import type { Reading } from '../lambda/payload/reading';

/** One schedule as the stack builds it: the context entry, checked and normalized. */
interface ImportSchedule {
  readonly name: string;
  readonly expression: string;
  readonly timezone?: string;
  readonly contactListId: number;
  readonly importJobId: number;
  readonly customEvents: readonly string[];
}

/** EventBridge Scheduler's own rule for a schedule name. */
const ScheduleName = z
  .string()
  .min(1, 'must not be empty')
  .max(64, 'must be at most 64 characters')
  .regex(/^[0-9a-zA-Z_.-]+$/, 'may contain only letters, digits, "-", "_" and "."');

const CRON = /^cron\(\S+( \S+){5}\)$/;
const RATE = /^rate\((1 (minute|hour|day)|([2-9]|[1-9]\d+) (minutes|hours|days))\)$/;
const AT = /^at\(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\)$/;

/** The three expression kinds Scheduler accepts, in the shape it accepts them. */
const Expression = z
  .string()
  .refine(
    (expression) => CRON.test(expression) || RATE.test(expression) || AT.test(expression),
    'must be cron(<6 fields>), rate(<n> <unit>) with a singular unit for 1, or at(yyyy-mm-ddThh:mm:ss)',
  );

const isKnownTimeZone = (name: string): boolean => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
};

const TimeZoneName = z.string().refine(isKnownTimeZone, 'must be an IANA time zone such as Europe/Dublin');

/** Lifts a payload reader (the HTTP route's own rules) into a schema, so both refuse the same values. */
const fromReading = <T>(read: (raw: unknown) => Reading<T>) =>
  z.unknown().transform((raw, context) => {
    const reading = read(raw);
    if (reading.ok) return reading.value;
    context.addIssue({ code: 'custom', message: reading.reason });
    return z.NEVER;
  });

/** Unknown keys are refused: in a config file they are typos (`contactListID`), not extensions. */
const ScheduleEntry = z.strictObject({
  name: ScheduleName,
  expression: Expression,
  timezone: TimeZoneName.optional(),
  contactListId: fromReading(readId),
  importJobId: fromReading(readId),
  customEvents: fromReading(readCustomEvents).optional(),
});

const describePath = (path: readonly PropertyKey[]): string =>
  path
    .map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`))
    .join('')
    .slice(1);

const describeIssue = (issue: z.core.$ZodIssue): string => {
  if (issue.code === 'unrecognized_keys') return `unknown field ${issue.keys.join(', ')}`;
  const field = describePath(issue.path) || '(entry)';
  if (issue.code === 'invalid_type' && issue.input === undefined) return `field ${field}: is required`;
  return `field ${field}: ${issue.message}`;
};

const entryLabel = (index: number, raw: unknown): string => {
  const name = typeof raw === 'object' && raw !== null ? (raw as { name?: unknown }).name : undefined;
  return `schedules[${index}]${typeof name === 'string' ? ` "${name}"` : ''}`;
};

const fail = (message: string): never => {
  throw new Error(`Invalid "schedules" context: ${message}`);
};

/** The context value as a list: cdk.json gives an array, `-c schedules='[...]'` gives its JSON text. */
const asList = (raw: unknown): unknown[] => {
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      return fail('it is not valid JSON.');
    }
  }
  return Array.isArray(value) ? value : fail('it must be a JSON array of schedule entries.');
};

const parseEntry = (raw: unknown, index: number): ImportSchedule => {
  const parsed = ScheduleEntry.safeParse(raw);
  if (!parsed.success) {
    return fail(`${entryLabel(index, raw)}: ${parsed.error.issues.map(describeIssue).join('; ')}.`);
  }
  const { timezone, customEvents = [], ...entry } = parsed.data;
  return timezone === undefined ? { ...entry, customEvents } : { ...entry, customEvents, timezone };
};

const assertUniqueNames = (schedules: readonly ImportSchedule[]): void => {
  const firstIndex = new Map<string, number>();
  schedules.forEach(({ name }, index) => {
    const earlier = firstIndex.get(name);
    if (earlier !== undefined) fail(`schedules[${index}] "${name}": field name: repeats schedules[${earlier}].`);
    firstIndex.set(name, index);
  });
};

/**
 * Reads the `schedules` context into the schedules the stack creates. Ids and events go through the
 * very readers the HTTP route uses, so a schedule cannot be deployed that the function would refuse
 * at 2 a.m.; anything malformed fails the synth with the entry's index, its name and the field.
 */
const parseSchedulesContext = (raw: unknown): ImportSchedule[] => {
  if (raw === undefined || raw === null) return [];
  const schedules = asList(raw).map(parseEntry);
  assertUniqueNames(schedules);
  return schedules;
};

export { type ImportSchedule, parseSchedulesContext };
