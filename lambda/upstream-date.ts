import { describeUpstreamValue, malformedUpstreamAnswer } from './malformed-upstream-answer';

/**
 * A .NET `DateTime`/`DateTimeOffset` as Which50 writes it: date and time joined by `T` (or a space,
 * as RFC 3339 allows), 0 to 7 fractional digits, then `Z`, `+HH:MM`, `+HHMM` or no offset at all.
 */
const DOTNET_DATE =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,7}))?(?:([Zz])|([+-])(\d{2}):?(\d{2}))?$/;

/** The year .NET writes for an unset date (`default(DateTime)` is 0001-01-01T00:00:00). */
const UNSET_YEAR = 1;

/** The years a .NET date can hold; anything outside did not come from a real .NET date. */
const MIN_YEAR = 1;
const MAX_YEAR = 9999;

interface DateParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  /** +1 east of UTC, -1 west; 0 when the date carries no offset or `Z`. */
  offsetSign: number;
  offsetHour: number;
  offsetMinute: number;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

const isLeapYear = (year: number): boolean => year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);

/** Days in a month (1 to 12) of the proleptic Gregorian calendar that .NET uses for every year. */
const daysInMonth = (year: number, month: number): number =>
  month === 2 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);

/** Reads the digits of a match; the regular expression guarantees they are there or optional. */
const numberAt = (match: RegExpExecArray, index: number): number => Number(match[index] ?? '0');

/** The first three fractional digits, right-padded: truncation, so 13.9999999 stays in second 13. */
const truncatedMilliseconds = (fraction: string | undefined): number =>
  Number((fraction ?? '').padEnd(3, '0').slice(0, 3));

const offsetSignOf = (sign: string | undefined): number => {
  if (sign === undefined) return 0;
  return sign === '-' ? -1 : 1;
};

const splitDate = (text: string): DateParts | undefined => {
  const match = DOTNET_DATE.exec(text);
  if (match === null) return undefined;
  return {
    year: numberAt(match, 1),
    month: numberAt(match, 2),
    day: numberAt(match, 3),
    hour: numberAt(match, 4),
    minute: numberAt(match, 5),
    second: numberAt(match, 6),
    millisecond: truncatedMilliseconds(match[7]),
    offsetSign: offsetSignOf(match[9]),
    offsetHour: numberAt(match, 10),
    offsetMinute: numberAt(match, 11),
  };
};

const isOnTheCalendar = ({ year, month, day, hour, minute, second }: DateParts): boolean =>
  year >= MIN_YEAR &&
  month >= 1 &&
  month <= 12 &&
  day >= 1 &&
  day <= daysInMonth(year, month) &&
  hour <= 23 &&
  minute <= 59 &&
  second <= 59;

const hasValidOffset = ({ offsetHour, offsetMinute }: DateParts): boolean => offsetHour <= 23 && offsetMinute <= 59;

/**
 * The instant the parts name, their clock `offsetMinutes` ahead of UTC. Built with
 * `setUTCFullYear` because `Date.UTC` maps years 0 to 99 to 1900 to 1999, and never through
 * `new Date(string)`, which reads an offset-less string in the machine's time zone.
 */
const instantOf = (parts: DateParts, offsetMinutes: number): Date => {
  const instant = new Date(0);
  instant.setUTCFullYear(parts.year, parts.month - 1, parts.day);
  instant.setUTCHours(parts.hour, parts.minute - offsetMinutes, parts.second, parts.millisecond);
  return instant;
};

const digits = (value: number, width: number): string => String(value).padStart(width, '0');

/** The ISO 8601 form of parts already in UTC (`Z`, a zero offset or none): their own digits, no arithmetic. */
const utcIsoText = ({ year, month, day, hour, minute, second, millisecond }: DateParts): string =>
  `${digits(year, 4)}-${digits(month, 2)}-${digits(day, 2)}T${digits(hour, 2)}:${digits(minute, 2)}:${digits(second, 2)}.${digits(millisecond, 3)}Z`;

const notADate = (field: string, text: string) =>
  malformedUpstreamAnswer(`${field} is not a date: ${describeUpstreamValue(text)}`);

/**
 * An upstream date as ISO 8601 UTC with exactly three fractional digits, or null when the upstream
 * has no date to give (absent, empty, or .NET's unset year 0001). An offset-less date is UTC
 * whatever the machine's time zone, and extra fractional digits are cut, never rounded, so the
 * answer never claims a moment later than the upstream's. Anything else is a malformed answer
 * (502) naming `field`, because guessing at a date would put a wrong one in front of the caller.
 */
const toIsoUtc = (value: unknown, field = 'date'): string | null => {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') {
    throw malformedUpstreamAnswer(`${field} is not a date: ${describeUpstreamValue(value)}`);
  }
  const text = value.trim();
  if (text === '') return null;
  const parts = splitDate(text);
  if (parts === undefined || !isOnTheCalendar(parts) || !hasValidOffset(parts)) {
    throw notADate(field, text);
  }
  if (parts.year === UNSET_YEAR) return null;
  const offsetMinutes = parts.offsetSign * (parts.offsetHour * 60 + parts.offsetMinute);
  if (offsetMinutes === 0) return utcIsoText(parts);
  const instant = instantOf(parts, offsetMinutes);
  const utcYear = instant.getUTCFullYear();
  if (utcYear < MIN_YEAR || utcYear > MAX_YEAR) throw notADate(field, text);
  return instant.toISOString();
};

export { toIsoUtc };
