import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { contentTypeOf, renderImportJob, type WireFormat } from '../../dev/which50-sandbox-wire';
import { type AdapterHarness, startAdapterHarness } from '../support/adapter-harness';
import { anEventFor, invoke, STATUS_RESOURCE } from './handler-invocation';

/** Each case creates a job in the sandbox and reads it through the handler: one real request. */
const DATE_RUNS = 2_000;

/** A date as Which50 may write it, and what the adapter must make of it. */
interface DateShape {
  readonly text: string | null;
  readonly expected: string | null;
}

const offsetText = (minutes: number, withColon: boolean): string => {
  const sign = minutes < 0 ? '-' : '+';
  const hours = String(Math.trunc(Math.abs(minutes) / 60)).padStart(2, '0');
  const rest = String(Math.abs(minutes) % 60).padStart(2, '0');
  return `${sign}${hours}${withColon ? ':' : ''}${rest}`;
};

/** No offset (UTC), `Z`, or any offset .NET allows, with or without its colon. */
const anOffset = (): fc.Arbitrary<{ minutes: number; text: string }> =>
  fc.oneof(
    fc.constant({ minutes: 0, text: '' }),
    fc.constant({ minutes: 0, text: 'Z' }),
    fc
      .tuple(fc.integer({ min: -14 * 60, max: 14 * 60 }), fc.boolean())
      .map(([minutes, withColon]) => ({ minutes, text: offsetText(minutes, withColon) })),
  );

/**
 * A real date: an instant written as the wall clock at some offset, with 0 to 7 fractional digits
 * (the digits past milliseconds made up), expected back as the instant cut to what the digits hold.
 */
const aWrittenDate = (): fc.Arbitrary<DateShape> =>
  fc
    .tuple(
      fc.date({
        min: new Date('1000-01-02T00:00:00Z'),
        max: new Date('9999-12-30T23:59:59.999Z'),
        noInvalidDate: true,
      }),
      fc.integer({ min: 0, max: 7 }),
      fc.integer({ min: 0, max: 9999 }),
      anOffset(),
    )
    .map(([instant, digits, ticks, offset]) => {
      const wallClock = new Date(instant.getTime() + offset.minutes * 60_000).toISOString();
      const fraction = `${wallClock.slice(20, 23)}${String(ticks).padStart(4, '0')}`.slice(0, digits);
      const text = `${wallClock.slice(0, 19)}${digits === 0 ? '' : `.${fraction}`}${offset.text}`;
      const keptMilliseconds = Number(fraction.padEnd(3, '0').slice(0, 3));
      const expected = new Date(instant.getTime() - instant.getUTCMilliseconds() + keptMilliseconds).toISOString();
      return { text, expected };
    });

/** "No date": a null (JSON null or XML nil), or .NET's unset date in the forms it takes. */
const anAbsentDate = (): fc.Arbitrary<DateShape> =>
  fc.constantFrom<DateShape>(
    { text: null, expected: null },
    { text: '0001-01-01T00:00:00', expected: null },
    { text: '0001-01-01T00:00:00.0000000', expected: null },
    { text: '0001-01-01T00:00:00+00:00', expected: null },
    { text: '0001-01-01T00:00:00Z', expected: null },
  );

const aDateShape = (): fc.Arbitrary<DateShape> =>
  fc.oneof({ weight: 5, arbitrary: aWrittenDate() }, { weight: 1, arbitrary: anAbsentDate() });

describe('any date shape Which50 may send', () => {
  let harness: AdapterHarness;
  let format: WireFormat = 'application/json';

  beforeAll(async () => {
    harness = await startAdapterHarness();
  });
  afterAll(() => harness.close());
  beforeEach(() => {
    harness.sandbox.reset();
    harness.sandbox.intercept((_req, res, request) => {
      const state = harness.sandbox.getImportJob(request.contactListId ?? 0, request.importJobId ?? 0);
      if (request.endpoint !== 'status' || state === undefined) return false;
      const body = renderImportJob(state.importJob, format);
      res.writeHead(200, { 'Content-Type': contentTypeOf(format), 'Content-Length': Buffer.byteLength(body) });
      res.end(body);
      return true;
    });
  });

  it('is normalized to ISO 8601 UTC with milliseconds, or null, in JSON and XML alike', async () => {
    await fc.assert(
      fc.asyncProperty(
        aDateShape(),
        aDateShape(),
        fc.constantFrom<WireFormat>('application/json', 'application/xml'),
        async (start, finish, wireFormat) => {
          // Arrange
          format = wireFormat;
          const { contactListId, importJobId } = harness.sandbox.addImportJob(1, {
            fields: { StartDate: start.text, FinishDate: finish.text },
          });
          const pathParameters = { contactListId: String(contactListId), importJobId: String(importJobId) };
          const event = anEventFor({ method: 'GET', resource: STATUS_RESOURCE, pathParameters });

          // Act
          const result = await invoke(harness.handler, event);

          // Assert
          expect(result.statusCode, result.body).toBe(200);
          expect(JSON.parse(result.body)).toMatchObject({ startDate: start.expected, finishDate: finish.expected });
        },
      ),
      { numRuns: DATE_RUNS },
    );
  });
});
