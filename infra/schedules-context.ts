import { closest } from 'fastest-levenshtein';
import * as z from 'zod';
import { readCustomEvents } from '../lambda/payload/custom-events';
import { readId } from '../lambda/payload/import-id';
import type { Reading } from '../lambda/payload/reading';
import { type ContextReading, StackContextError } from './stack-context-error';

/** One schedule as the stack builds it: the context entry, checked and normalized. */
interface ImportSchedule {
  readonly name: string;
  readonly expression: string;
  readonly timezone?: string;
  readonly contactListId: number;
  readonly importJobId: number;
  readonly customEvents: readonly string[];
  /** Scheduler may start the run any time within this many minutes after the scheduled time. */
  readonly flexibleWindowMinutes?: number;
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

/** Scheduler's own bounds for a flexible time window, in whole minutes. */
const FlexibleWindowMinutes = z
  .int('must be a whole number of minutes')
  .min(1, 'must be 1 to 60')
  .max(60, 'must be 1 to 60');

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
  flexibleWindowMinutes: FlexibleWindowMinutes.optional(),
});

const ENTRY_FIELDS = ScheduleEntry.keyof().options;

const describePath = (path: readonly PropertyKey[]): string =>
  path
    .map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`))
    .join('')
    .slice(1);

/** Whether the entry leaves out the field an issue is about (zod reports a missing field as a wrong type). */
const isMissing = (issue: z.core.$ZodIssue, raw: unknown): boolean => {
  const [field] = issue.path;
  return (
    issue.code === 'invalid_type' && typeof raw === 'object' && raw !== null && field !== undefined && !(field in raw)
  );
};

const describeIssue = (issue: z.core.$ZodIssue, raw: unknown): string => {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => `unknown field ${key} (did you mean ${closest(key, ENTRY_FIELDS)}?)`).join('; ');
  }
  const field = describePath(issue.path) || '(entry)';
  if (isMissing(issue, raw)) return `field ${field}: is required`;
  return `field ${field}: ${issue.message}`;
};

const entryLabel = (index: number, raw: unknown): string => {
  const name = typeof raw === 'object' && raw !== null ? (raw as { name?: unknown }).name : undefined;
  return `schedules[${index}]${typeof name === 'string' ? ` "${name}"` : ''}`;
};

const NOT_JSON = 'schedules: it is not valid JSON';
const NOT_A_LIST = 'schedules: it must be a JSON array of schedule entries';

/** The context value as a list: cdk.json gives an array, `-c schedules='[...]'` gives its JSON text. */
const asList = (raw: unknown): ContextReading<unknown[]> => {
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      return { ok: false, problems: [NOT_JSON] };
    }
  }
  return Array.isArray(value) ? { ok: true, value } : { ok: false, problems: [NOT_A_LIST] };
};

const readEntry = (raw: unknown, index: number): ContextReading<ImportSchedule> => {
  const parsed = ScheduleEntry.safeParse(raw);
  if (!parsed.success) {
    const label = entryLabel(index, raw);
    return { ok: false, problems: parsed.error.issues.map((issue) => `${label}: ${describeIssue(issue, raw)}`) };
  }
  const { timezone, customEvents = [], flexibleWindowMinutes, ...entry } = parsed.data;
  return {
    ok: true,
    value: {
      ...entry,
      customEvents,
      ...(timezone === undefined ? {} : { timezone }),
      ...(flexibleWindowMinutes === undefined ? {} : { flexibleWindowMinutes }),
    },
  };
};

/** A name used twice, by the entries' places in the context (entries already refused are left out). */
const repeatedNames = (entries: readonly ContextReading<ImportSchedule>[]): string[] => {
  const firstIndex = new Map<string, number>();
  return entries.flatMap((entry, index) => {
    if (!entry.ok) return [];
    const { name } = entry.value;
    const earlier = firstIndex.get(name);
    if (earlier !== undefined) return [`schedules[${index}] "${name}": field name: repeats schedules[${earlier}]`];
    firstIndex.set(name, index);
    return [];
  });
};

/**
 * Reads the `schedules` context into the schedules the stack creates. Ids and events go through the
 * very readers the HTTP route uses, so a schedule cannot be deployed that the function would refuse
 * at 2 a.m.; every malformed field of every entry is a problem naming the entry's index, its name
 * and the field, all reported at once.
 */
const readSchedulesContext = (raw: unknown): ContextReading<ImportSchedule[]> => {
  if (raw === undefined || raw === null) return { ok: true, value: [] };
  const list = asList(raw);
  if (!list.ok) return list;
  const entries = list.value.map(readEntry);
  const schedules = entries.flatMap((entry) => (entry.ok ? [entry.value] : []));
  const problems = [...entries.flatMap((entry) => (entry.ok ? [] : entry.problems)), ...repeatedNames(entries)];
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: schedules };
};

/** The schedules, or a {@link StackContextError} listing every problem, for callers that only want the schedules. */
const parseSchedulesContext = (raw: unknown): ImportSchedule[] => {
  const reading = readSchedulesContext(raw);
  if (!reading.ok) throw new StackContextError(reading.problems);
  return reading.value;
};

export { type ImportSchedule, parseSchedulesContext, readSchedulesContext };
