import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isProblem, type Problem } from '../../../lambda/http/problem';
import {
  MAX_EVENT_NAME_LENGTH,
  MAX_EVENTS,
  parseCustomEvents,
  readCustomEvents,
  toCustomEventsQuery,
} from '../../../lambda/payload/custom-events';

const problemFrom = (act: () => unknown): Problem => {
  try {
    act();
  } catch (error) {
    if (isProblem(error)) return error;
    throw error;
  }
  throw new Error('expected a Problem to be thrown');
};

const reasonFor = (raw: unknown): string => {
  const reading = readCustomEvents(raw);
  if (reading.ok) throw new Error(`expected a refusal, got ${JSON.stringify(reading.value)}`);
  return reading.reason;
};

const namesNumbered = (count: number): string[] => Array.from({ length: count }, (_, index) => `Event${index + 1}`);

describe('parseCustomEvents', () => {
  it('reads no events from undefined', () => {
    expect(parseCustomEvents(undefined)).toEqual([]);
  });

  it('reads no events from null', () => {
    expect(parseCustomEvents(null)).toEqual([]);
  });

  it('reads no events from an empty string', () => {
    expect(parseCustomEvents('')).toEqual([]);
  });

  it('reads no events from an empty list', () => {
    expect(parseCustomEvents([])).toEqual([]);
  });

  it('splits one string on commas', () => {
    expect(parseCustomEvents('SendWelcomeEmail,Send Invite')).toEqual(['SendWelcomeEmail', 'Send Invite']);
  });

  it('takes each list entry as one name', () => {
    expect(parseCustomEvents(['SendWelcomeEmail', 'Send Invite'])).toEqual(['SendWelcomeEmail', 'Send Invite']);
  });

  it('trims each name of a string', () => {
    expect(parseCustomEvents('  A ,\tB\n')).toEqual(['A', 'B']);
  });

  it('trims each name of a list', () => {
    expect(parseCustomEvents([' A ', '\tB'])).toEqual(['A', 'B']);
  });

  it('drops empty and blank entries of a string', () => {
    expect(parseCustomEvents(',A,, ,B,')).toEqual(['A', 'B']);
  });

  it('drops empty and blank entries of a list', () => {
    expect(parseCustomEvents(['', 'A', '   ', 'B'])).toEqual(['A', 'B']);
  });

  it('keeps the first occurrence of a repeated name, in order', () => {
    expect(parseCustomEvents('B, A ,B,,C,A')).toEqual(['B', 'A', 'C']);
  });

  it('treats names that differ only after trimming as the same name', () => {
    expect(parseCustomEvents(['A', ' A'])).toEqual(['A']);
  });

  it('treats names that differ in case as different names', () => {
    expect(parseCustomEvents(['a', 'A'])).toEqual(['a', 'A']);
  });

  it(`accepts a name of exactly ${MAX_EVENT_NAME_LENGTH} characters`, () => {
    const name = 'x'.repeat(MAX_EVENT_NAME_LENGTH);

    expect(parseCustomEvents([name])).toEqual([name]);
  });

  it(`refuses a name of ${MAX_EVENT_NAME_LENGTH + 1} characters, naming its position`, () => {
    const name = 'x'.repeat(MAX_EVENT_NAME_LENGTH + 1);

    expect(reasonFor(['A', name])).toMatch(/^entry 2 .* is longer than 128 characters$/);
  });

  it('counts characters as code points, so 128 emoji are one name', () => {
    const name = '😀'.repeat(MAX_EVENT_NAME_LENGTH);

    expect(parseCustomEvents([name])).toEqual([name]);
  });

  it('refuses 129 emoji as too long', () => {
    expect(reasonFor(['😀'.repeat(MAX_EVENT_NAME_LENGTH + 1)])).toContain('is longer than 128 characters');
  });

  it('measures a name after trimming it', () => {
    const name = `  ${'x'.repeat(MAX_EVENT_NAME_LENGTH)}  `;

    expect(parseCustomEvents(name)).toEqual(['x'.repeat(MAX_EVENT_NAME_LENGTH)]);
  });

  it(`accepts ${MAX_EVENTS} names`, () => {
    const names = namesNumbered(MAX_EVENTS);

    expect(parseCustomEvents(names)).toEqual(names);
  });

  it(`refuses ${MAX_EVENTS + 1} names`, () => {
    expect(reasonFor(namesNumbered(MAX_EVENTS + 1))).toBe('has 51 distinct names; at most 50 are allowed');
  });

  it('counts names after dropping duplicates', () => {
    const names = [...namesNumbered(MAX_EVENTS), 'Event1', 'Event2'];

    expect(parseCustomEvents(names)).toHaveLength(MAX_EVENTS);
  });

  it('refuses a list entry that contains a comma', () => {
    expect(reasonFor(['A', 'B,C'])).toBe('entry 2 ("B,C") contains a comma');
  });

  it('refuses a name with a control character', () => {
    expect(reasonFor('A,B\u0007C')).toBe('entry 2 ("B\\u0007C") contains a control character');
  });

  it('refuses a tab inside a name', () => {
    expect(reasonFor(['A\tB'])).toContain('contains a control character');
  });

  it('refuses a C1 control character', () => {
    expect(reasonFor(['A\u0085B'])).toContain('contains a control character');
  });

  it('refuses a lone surrogate, which could not be sent upstream', () => {
    expect(reasonFor(['A\uD800'])).toContain('lone surrogate');
  });

  it('refuses a list entry that is not a string', () => {
    expect(reasonFor(['A', 5])).toBe('entry 2 (5) is not a string');
  });

  it('refuses a null list entry', () => {
    expect(reasonFor([null])).toBe('entry 1 (null) is not a string');
  });

  it('refuses a number', () => {
    expect(reasonFor(5)).toBe('must be a list of names or one comma-separated string, not a number');
  });

  it('refuses a boolean', () => {
    expect(reasonFor(true)).toBe('must be a list of names or one comma-separated string, not a boolean');
  });

  it('refuses an object', () => {
    expect(reasonFor({ name: 'A' })).toBe('must be a list of names or one comma-separated string, not an object');
  });

  it('cuts a long refused name when quoting it', () => {
    const reason = reasonFor(['y'.repeat(5000)]);

    expect(reason.length).toBeLessThan(100);
  });

  it('numbers entries of a string by their place in it, empty ones included', () => {
    expect(reasonFor('A,,B\u0001')).toMatch(/^entry 3 /);
  });

  it('throws a 400 problem on field customEvents when refused', () => {
    const problem = problemFrom(() => parseCustomEvents(['A,B']));

    expect(problem.status).toBe(400);
    expect(problem.extra.errors).toEqual([{ field: 'customEvents', message: 'entry 1 ("A,B") contains a comma' }]);
  });

  it('reads the comma-joined form of any accepted names back to the same names', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary' })), (raw) => {
        const reading = readCustomEvents(raw);
        if (!reading.ok) return;

        expect(parseCustomEvents(reading.value.join(','))).toEqual(reading.value);
      }),
    );
  });

  it('never yields empty, duplicate, untrimmed or comma-holding names, or too many', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.array(fc.string({ unit: 'binary-ascii' }))), (raw) => {
        const reading = readCustomEvents(raw);
        if (!reading.ok) return;
        const names = reading.value;
        expect(new Set(names).size).toBe(names.length);
        expect(names.length).toBeLessThanOrEqual(MAX_EVENTS);
        for (const name of names) {
          expect(name).not.toBe('');
          expect(name).toBe(name.trim());
          expect(name).not.toMatch(/[,\p{Cc}]/u);
          expect([...name].length).toBeLessThanOrEqual(MAX_EVENT_NAME_LENGTH);
        }
      }),
    );
  });
});

describe('toCustomEventsQuery', () => {
  it('joins names with literal commas', () => {
    expect(toCustomEventsQuery(['SendWelcomeEmail', 'SendInvite'])).toBe('SendWelcomeEmail,SendInvite');
  });

  it('is empty for no names', () => {
    expect(toCustomEventsQuery([])).toBe('');
  });

  it('encodes a space as %20', () => {
    expect(toCustomEventsQuery(['SendWelcomeEmail', 'Send Invite'])).toBe('SendWelcomeEmail,Send%20Invite');
  });

  it('encodes & and = so a name cannot add query parameters', () => {
    expect(toCustomEventsQuery(['a&b=c'])).toBe('a%26b%3Dc');
  });

  it('encodes % so a name is not decoded twice', () => {
    expect(toCustomEventsQuery(['100%'])).toBe('100%25');
  });

  it('encodes + so it is not read as a space', () => {
    expect(toCustomEventsQuery(['a+b'])).toBe('a%2Bb');
  });

  it('encodes non-ASCII names as UTF-8', () => {
    expect(toCustomEventsQuery(['Café', '😀'])).toBe('Caf%C3%A9,%F0%9F%98%80');
  });

  it('round-trips any accepted names through the wire form', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary', minLength: 1 }), { maxLength: 60 }), (raw) => {
        const reading = readCustomEvents(raw);
        if (!reading.ok || reading.value.length === 0) return;

        const wire = toCustomEventsQuery(reading.value);

        expect(wire.split(',').map((part) => decodeURIComponent(part))).toEqual(reading.value);
      }),
    );
  });
});
