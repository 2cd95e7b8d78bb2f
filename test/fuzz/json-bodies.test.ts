import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { type AdapterHarness, startAdapterHarness } from '../support/adapter-harness';
import {
  anEventFor,
  anEventsLikeText,
  anIdLikeText,
  aPayloadKey,
  aSmallIdText,
  aSpellingOf,
  expectSuccessOrProblem,
  FUZZ_RUNS,
  invoke,
  RUN_BY_PATH_RESOURCE,
  RUN_RESOURCE,
  someEventNames,
  somePathIds,
} from './handler-invocation';

/** A value a payload field may hold in JSON: an id, a list of names, or any JSON at all. */
const aFieldValue = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    fc.integer({ min: 1, max: 5 }),
    fc.integer(),
    fc.double(),
    anIdLikeText(),
    anEventsLikeText(),
    fc.array(fc.string({ unit: 'binary', maxLength: 12 }), { maxLength: 8 }),
    fc.jsonValue({ maxDepth: 3 }),
  );

/** An object shaped like the payload: known spellings with odd values, beside unknown keys. */
const aPayloadLikeObject = (): fc.Arbitrary<Record<string, unknown>> =>
  fc.dictionary(aPayloadKey(), aFieldValue(), { maxKeys: 6 });

/** An id as JSON gives it: a number or a string. */
const aSmallId = (): fc.Arbitrary<number | string> => fc.oneof(fc.integer({ min: 1, max: 3 }), aSmallIdText());

/** Plausible event names, as a list or as one comma-separated string. */
const someEventsValue = (): fc.Arbitrary<string | string[]> =>
  fc.oneof(
    someEventNames(),
    someEventNames().map((names) => names.join(', ')),
  );

/** A payload that is valid, or nearly so: both ids under some spelling, mostly small, events sometimes. */
const aNearlyValidPayload = (): fc.Arbitrary<Record<string, unknown>> =>
  fc
    .tuple(
      aSpellingOf('contactListId'),
      aSmallId(),
      aSpellingOf('importJobId'),
      aSmallId(),
      fc.option(fc.tuple(aSpellingOf('customEvents'), fc.oneof(someEventsValue(), aFieldValue())), { nil: undefined }),
    )
    .map(([listKey, list, jobKey, job, events]) => ({
      [listKey]: list,
      [jobKey]: job,
      ...(events !== undefined && { [events[0]]: events[1] }),
    }));

/**
 * A JSON body: any JSON value, a payload-like or nearly valid object (maybe wrapped in `data`), or
 * text that is not JSON.
 */
const aJsonBody = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.jsonValue().map((value) => JSON.stringify(value)),
    { weight: 3, arbitrary: aNearlyValidPayload().map((payload) => JSON.stringify(payload)) },
    { weight: 2, arbitrary: aNearlyValidPayload().map((payload) => JSON.stringify({ data: payload })) },
    aPayloadLikeObject().map((payload) => JSON.stringify(payload)),
    aPayloadLikeObject().map((payload) => JSON.stringify({ data: payload })),
    fc.string({ unit: 'binary', maxLength: 100 }),
  );

const aJsonContentType = (): fc.Arbitrary<string> =>
  fc.constantFrom(
    'application/json',
    'application/json; charset=utf-8',
    'Application/JSON',
    'application/vnd.api+json',
  );

describe('any JSON body', () => {
  let harness: AdapterHarness;

  beforeAll(async () => {
    harness = await startAdapterHarness();
  });
  afterAll(() => harness.close());

  it('is answered 2xx or 4xx with a problem body, never 5xx, never a throw', async () => {
    await fc.assert(
      fc.asyncProperty(aJsonBody(), aJsonContentType(), somePathIds(), async (body, contentType, pathParameters) => {
        // Arrange
        const resource = pathParameters === null ? RUN_RESOURCE : RUN_BY_PATH_RESOURCE;
        const event = anEventFor({ resource, pathParameters, headers: { 'content-type': contentType }, body });

        // Act
        const result = await invoke(harness.handler, event);

        // Assert
        expectSuccessOrProblem(result, event);
      }),
      { numRuns: FUZZ_RUNS },
    );
  });
});
