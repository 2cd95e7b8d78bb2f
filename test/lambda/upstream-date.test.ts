import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Problem } from '../../lambda/http/problem';
import { toIsoUtc } from '../../lambda/upstream-date';

/** What `toIsoUtc` threw, so a test can look at the problem it carries. */
const thrownBy = (act: () => unknown): unknown => {
  try {
    act();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw, got none');
};

/** A date as .NET writes it, from parts a test can vary one at a time. */
const dotnetDate = ({
  date = '2024-12-27',
  separator = 'T',
  time = '18:22:13',
  fraction = '',
  offset = '',
}: {
  date?: string;
  separator?: string;
  time?: string;
  fraction?: string;
  offset?: string;
} = {}): string => `${date}${separator}${time}${fraction === '' ? '' : `.${fraction}`}${offset}`;

describe('toIsoUtc', () => {
  describe('fractional seconds', () => {
    it.each([
      ['', '2024-12-27T18:22:13.000Z'],
      ['6', '2024-12-27T18:22:13.600Z'],
      ['64', '2024-12-27T18:22:13.640Z'],
      ['643', '2024-12-27T18:22:13.643Z'],
      ['6436', '2024-12-27T18:22:13.643Z'],
      ['64368', '2024-12-27T18:22:13.643Z'],
      ['643685', '2024-12-27T18:22:13.643Z'],
      ['6436859', '2024-12-27T18:22:13.643Z'],
    ])('reads %j as exactly three digits, cut rather than rounded', (fraction, expected) => {
      // Arrange
      const value = dotnetDate({ fraction, offset: '+00:00' });

      // Act
      const iso = toIsoUtc(value, 'StartDate');

      // Assert
      expect(iso).toBe(expected);
    });

    it('never rounds up into the next second', () => {
      // Arrange
      const value = dotnetDate({ time: '23:59:59', fraction: '9999999', offset: '+00:00' });

      // Act
      const iso = toIsoUtc(value, 'StartDate');

      // Assert
      expect(iso).toBe('2024-12-27T23:59:59.999Z');
    });

    it('refuses more than seven fractional digits, which .NET never writes', () => {
      // Arrange
      const value = dotnetDate({ fraction: '64368599', offset: 'Z' });

      // Act
      const error = thrownBy(() => toIsoUtc(value, 'StartDate'));

      // Assert
      expect(error).toMatchObject({ status: 502 });
    });
  });

  describe('offsets', () => {
    it.each([
      ['Z', '2024-12-27T18:22:13.643Z'],
      ['z', '2024-12-27T18:22:13.643Z'],
      ['+00:00', '2024-12-27T18:22:13.643Z'],
      ['-00:00', '2024-12-27T18:22:13.643Z'],
      ['+02:00', '2024-12-27T16:22:13.643Z'],
      ['-05:30', '2024-12-27T23:52:13.643Z'],
      ['+0530', '2024-12-27T12:52:13.643Z'],
      ['-1000', '2024-12-28T04:22:13.643Z'],
      ['+14:00', '2024-12-27T04:22:13.643Z'],
    ])('applies the offset %j', (offset, expected) => {
      // Arrange
      const value = dotnetDate({ fraction: '6436859', offset });

      // Act
      const iso = toIsoUtc(value, 'StartDate');

      // Assert
      expect(iso).toBe(expected);
    });

    it('moves the date back a day when a positive offset crosses midnight', () => {
      // Arrange
      const value = '2024-12-27T01:00:00+02:00';

      // Act
      const iso = toIsoUtc(value, 'StartDate');

      // Assert
      expect(iso).toBe('2024-12-26T23:00:00.000Z');
    });

    it('moves into the next year when a negative offset crosses midnight on 31 December', () => {
      // Arrange
      const value = '2024-12-31T22:30:00-02:00';

      // Act
      const iso = toIsoUtc(value, 'StartDate');

      // Assert
      expect(iso).toBe('2025-01-01T00:30:00.000Z');
    });

    it('reads a date without an offset as UTC, not as the machine time zone', () => {
      // Arrange
      const value = '2024-07-01T12:00:00.5';

      // Act
      const iso = toIsoUtc(value, 'StartDate');

      // Assert
      expect(iso).toBe('2024-07-01T12:00:00.500Z');
    });
  });

  describe('no date', () => {
    it.each([
      ['null', null],
      ['undefined', undefined],
      ['an empty string', ''],
      ['a blank string', '   '],
    ])('is null for %s', (_label, value) => {
      // Act
      const iso = toIsoUtc(value, 'FinishDate');

      // Assert
      expect(iso).toBeNull();
    });

    it.each([
      '0001-01-01T00:00:00',
      '0001-01-01T00:00:00.0000000',
      '0001-01-01T00:00:00.0000000+00:00',
      '0001-01-01T00:00:00Z',
      '0001-01-01T00:30:00+01:00',
      '0001-06-15T08:00:00-03:00',
    ])('is null for .NET unset year 0001 in %j', (value) => {
      // Act
      const iso = toIsoUtc(value, 'FinishDate');

      // Assert
      expect(iso).toBeNull();
    });
  });

  describe('spellings', () => {
    it('accepts a space between date and time', () => {
      // Arrange
      const value = dotnetDate({ separator: ' ', fraction: '643', offset: 'Z' });

      // Act
      const iso = toIsoUtc(value, 'StartDate');

      // Assert
      expect(iso).toBe('2024-12-27T18:22:13.643Z');
    });

    it('accepts a lower-case t between date and time', () => {
      // Arrange
      const value = dotnetDate({ separator: 't', fraction: '643', offset: 'Z' });

      // Act
      const iso = toIsoUtc(value, 'StartDate');

      // Assert
      expect(iso).toBe('2024-12-27T18:22:13.643Z');
    });

    it('ignores whitespace around the date', () => {
      // Arrange
      const value = `  ${dotnetDate({ fraction: '643', offset: 'Z' })}\n`;

      // Act
      const iso = toIsoUtc(value, 'StartDate');

      // Assert
      expect(iso).toBe('2024-12-27T18:22:13.643Z');
    });
  });

  describe('calendar', () => {
    it('keeps a year below 100 in the first century instead of mapping it to 19xx', () => {
      // Arrange
      const value = '0050-03-01T00:00:00Z';

      // Act
      const iso = toIsoUtc(value, 'StartDate');

      // Assert
      expect(iso).toBe('0050-03-01T00:00:00.000Z');
    });

    it('lets an offset carry year 0002 back into year 0001', () => {
      // Arrange
      const value = '0002-01-01T00:00:00+02:00';

      // Act
      const iso = toIsoUtc(value, 'StartDate');

      // Assert
      expect(iso).toBe('0001-12-31T22:00:00.000Z');
    });

    it.each(['2024-02-29T00:00:00Z', '2000-02-29T00:00:00Z'])('accepts the leap day %j', (value) => {
      // Act
      const iso = toIsoUtc(value, 'StartDate');

      // Assert
      expect(iso).toBe(`${value.slice(0, 19)}.000Z`);
    });

    it('accepts the last moment .NET can hold', () => {
      // Arrange
      const value = '9999-12-31T23:59:59.9999999';

      // Act
      const iso = toIsoUtc(value, 'StartDate');

      // Assert
      expect(iso).toBe('9999-12-31T23:59:59.999Z');
    });
  });

  describe('malformed dates', () => {
    it.each([
      ['month 13', '2024-13-01T00:00:00Z'],
      ['month 00', '2024-00-01T00:00:00Z'],
      ['day 00', '2024-12-00T00:00:00Z'],
      ['day 32', '2024-12-32T00:00:00Z'],
      ['30 February', '2024-02-30T00:00:00Z'],
      ['29 February of a common year', '2023-02-29T00:00:00Z'],
      ['29 February 1900', '1900-02-29T00:00:00Z'],
      ['hour 24', '2024-12-27T24:00:00Z'],
      ['minute 60', '2024-12-27T18:60:00Z'],
      ['second 60', '2024-12-27T18:22:60Z'],
      ['year 0000', '0000-01-01T00:00:00Z'],
      ['an offset of 24 hours', '2024-12-27T18:22:13+24:00'],
      ['an offset with minute 60', '2024-12-27T18:22:13+05:60'],
      ['an offset pushing past year 9999', '9999-12-31T23:00:00-02:00'],
      ['a date without a time', '2024-12-27'],
      ['a dot without digits', '2024-12-27T18:22:13.Z'],
      ['a two-digit year', '24-12-27T18:22:13Z'],
      ['an offset without minutes', '2024-12-27T18:22:13+02'],
      ['a time without seconds', '2024-12-27T18:22Z'],
      ['words', 'yesterday'],
      ['a .NET JSON date', '/Date(1735323733643)/'],
    ])('refuses %s with a 502', (_label, value) => {
      // Act
      const error = thrownBy(() => toIsoUtc(value, 'StartDate'));

      // Assert
      expect(error).toBeInstanceOf(Problem);
      expect(error).toMatchObject({ status: 502, title: 'Upstream answer malformed' });
    });

    it.each([
      ['a number', 1735323733643],
      ['a boolean', true],
      ['an object', { value: '2024-12-27T18:22:13Z' }],
      ['a Date', new Date(0)],
    ])('refuses %s, which is not a date string', (_label, value) => {
      // Act
      const error = thrownBy(() => toIsoUtc(value, 'StartDate'));

      // Assert
      expect(error).toMatchObject({ status: 502 });
    });

    it('names the field in the detail', () => {
      // Act
      const error = thrownBy(() => toIsoUtc('2024-13-01T00:00:00Z', 'FinishDate'));

      // Assert
      expect(error).toMatchObject({ detail: expect.stringContaining('FinishDate') });
    });

    it('quotes no more than 40 characters of the value', () => {
      // Arrange
      const value = `not a date ${'x'.repeat(200)}`;

      // Act
      const error = thrownBy(() => toIsoUtc(value, 'FinishDate')) as Problem;

      // Assert
      expect(error.detail).toContain(`"${value.slice(0, 40)}…"`);
      expect(error.detail).not.toContain(value.slice(0, 41));
    });
  });

  describe('any .NET date', () => {
    const offsetText = (minutes: number, withColon: boolean): string => {
      const sign = minutes < 0 ? '-' : '+';
      const hours = String(Math.trunc(Math.abs(minutes) / 60)).padStart(2, '0');
      const rest = String(Math.abs(minutes) % 60).padStart(2, '0');
      return `${sign}${hours}${withColon ? ':' : ''}${rest}`;
    };

    const offsetStyle = fc.oneof(
      fc.constant({ minutes: 0, text: '' }),
      fc.constant({ minutes: 0, text: 'Z' }),
      fc
        .tuple(fc.integer({ min: -14 * 60, max: 14 * 60 }), fc.boolean())
        .map(([minutes, withColon]) => ({ minutes, text: offsetText(minutes, withColon) })),
    );

    const instantInDotnetRange = fc.date({
      min: new Date('1000-01-02T00:00:00Z'),
      max: new Date('9999-12-30T23:59:59.999Z'),
      noInvalidDate: true,
    });

    it('normalizes to the same instant, cut to milliseconds, whatever the offset', () => {
      fc.assert(
        fc.property(
          instantInDotnetRange,
          fc.integer({ min: 0, max: 9999 }),
          offsetStyle,
          (instant, tenthsOfMicroseconds, offset) => {
            // Arrange: the wall-clock time at that offset, with seven fractional digits
            const wallClock = new Date(instant.getTime() + offset.minutes * 60_000).toISOString();
            const fraction = `${wallClock.slice(20, 23)}${String(tenthsOfMicroseconds).padStart(4, '0')}`;
            const value = `${wallClock.slice(0, 19)}.${fraction}${offset.text}`;

            // Act
            const iso = toIsoUtc(value, 'StartDate');

            // Assert
            expect(iso).toBe(instant.toISOString());
          },
        ),
      );
    });
  });
});
