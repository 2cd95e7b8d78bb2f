import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunImportCommand } from '../../lambda/payload/run-import-command';
import { type AdapterHarness, startAdapterHarness } from '../support/adapter-harness';
import {
  anEventFor,
  aSpellingOf,
  invoke,
  type RequestParts,
  RUN_BY_PATH_RESOURCE,
  RUN_RESOURCE,
} from './handler-invocation';

/** Each case makes one real run request to the sandbox, so fewer cases than the fuzzers. */
const ROUND_TRIP_RUNS = 2_000;

const MAX_ID = 2_147_483_647;

/** An event name the adapter accepts as it is: trimmed, 1..128 code points, no comma, no control character. */
const anEventName = (): fc.Arbitrary<string> =>
  fc
    .string({ unit: 'binary', minLength: 1, maxLength: 128 })
    .filter((name) => name === name.trim() && name !== '' && !/[,\p{Cc}\p{Cs}]/u.test(name));

/** A command the adapter must pass on unchanged: the sandbox's demo job, or any ids in range. */
const aCommand = (): fc.Arbitrary<RunImportCommand> =>
  fc.record({
    contactListId: fc.oneof(fc.constant(1), fc.integer({ min: 1, max: MAX_ID })),
    importJobId: fc.oneof(fc.constant(2), fc.integer({ min: 1, max: MAX_ID })),
    customEvents: fc.uniqueArray(anEventName(), { maxLength: 50 }),
  });

type Encoding = (command: RunImportCommand) => fc.Arbitrary<RequestParts>;

/** As a JSON body: ids as numbers or decimal strings, events as a list or one comma-separated string, maybe under `data`. */
const asJson: Encoding = ({ contactListId, importJobId, customEvents }) =>
  fc
    .tuple(
      aSpellingOf('contactListId'),
      aSpellingOf('importJobId'),
      aSpellingOf('customEvents'),
      fc.boolean(),
      fc.boolean(),
      fc.boolean(),
    )
    .map(([listKey, jobKey, eventsKey, idsAsText, eventsJoined, wrapped]) => {
      const payload = {
        [listKey]: idsAsText ? String(contactListId) : contactListId,
        [jobKey]: idsAsText ? String(importJobId) : importJobId,
        [eventsKey]: eventsJoined ? customEvents.join(',') : customEvents,
      };
      return {
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(wrapped ? { data: payload } : payload),
      };
    });

/** As a form body: events as a repeated key or one comma-separated value. */
const asForm: Encoding = ({ contactListId, importJobId, customEvents }) =>
  fc
    .tuple(aSpellingOf('contactListId'), aSpellingOf('importJobId'), aSpellingOf('customEvents'), fc.boolean())
    .map(([listKey, jobKey, eventsKey, repeated]) => {
      const form = new URLSearchParams([
        [listKey, String(contactListId)],
        [jobKey, String(importJobId)],
      ]);
      if (repeated) for (const name of customEvents) form.append(eventsKey, name);
      else form.append(eventsKey, customEvents.join(','));
      return { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() };
    });

/** In the path and the query string: ids in the path, events as a repeated parameter. */
const asPathAndQuery: Encoding = ({ contactListId, importJobId, customEvents }) =>
  aSpellingOf('customEvents').map((eventsKey) => ({
    resource: RUN_BY_PATH_RESOURCE,
    pathParameters: { contactListId: String(contactListId), importJobId: String(importJobId) },
    query: customEvents.length > 0 ? { [eventsKey]: customEvents } : {},
  }));

/** Everything in the query string of `POST /imports/run`. */
const asQuery: Encoding = ({ contactListId, importJobId, customEvents }) =>
  fc
    .tuple(aSpellingOf('contactListId'), aSpellingOf('importJobId'), aSpellingOf('customEvents'))
    .map(([listKey, jobKey, eventsKey]) => ({
      resource: RUN_RESOURCE,
      query: {
        [listKey]: [String(contactListId)],
        [jobKey]: [String(importJobId)],
        ...(customEvents.length > 0 && { [eventsKey]: customEvents }),
      },
    }));

describe('a valid command, however it is encoded', () => {
  let harness: AdapterHarness;

  beforeAll(async () => {
    harness = await startAdapterHarness();
  });
  afterAll(() => harness.close());
  beforeEach(() => harness.sandbox.reset());

  it.each([
    ['a JSON body', asJson],
    ['a form body', asForm],
    ['the path and the query string', asPathAndQuery],
    ['the query string alone', asQuery],
  ])('reaches Which50 unchanged from %s: the same ids, the same events in order', async (_name, encode) => {
    await fc.assert(
      fc.asyncProperty(
        aCommand().chain((command) => encode(command).map((parts) => ({ command, parts }))),
        async ({ command, parts }) => {
          // Arrange
          const event = anEventFor(parts);

          // Act
          const result = await invoke(harness.handler, event);

          // Assert
          expect([200, 404]).toContain(result.statusCode);
          const run = harness.sandbox.requests.at(-1);
          expect(run?.endpoint).toBe('run');
          expect(run?.contactListId).toBe(command.contactListId);
          expect(run?.importJobId).toBe(command.importJobId);
          expect(run?.customEvents).toEqual(command.customEvents.length > 0 ? command.customEvents : undefined);
        },
      ),
      { numRuns: ROUND_TRIP_RUNS },
    );
  });
});
