import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { type AdapterHarness, startAdapterHarness } from '../support/adapter-harness';
import {
  aFieldText,
  anEventFor,
  aPayloadKey,
  expectSuccessOrProblem,
  FUZZ_RUNS,
  invoke,
  nearlyValidFieldPairs,
  RUN_BY_PATH_RESOURCE,
  RUN_RESOURCE,
  somePathIds,
} from './handler-invocation';

const encodedForm = (pairs: readonly [string, string][]): string => new URLSearchParams(pairs).toString();

/** Pairs joined as they come, without percent-encoding: what a careless sender writes. */
const rawForm = (pairs: readonly [string, string][]): string =>
  pairs.map(([name, value]) => `${name}=${value}`).join('&');

/**
 * A form body: nearly valid fields, any fields, the same unencoded (stray `%`, `&`, `=`, `+`), or
 * text that is no form at all.
 */
const aFormBody = (): fc.Arbitrary<string> => {
  const anyPairs = fc.array(fc.tuple(aPayloadKey(), aFieldText()), { maxLength: 8 });
  return fc.oneof(
    { weight: 4, arbitrary: nearlyValidFieldPairs().map(encodedForm) },
    { weight: 1, arbitrary: nearlyValidFieldPairs().map(rawForm) },
    { weight: 2, arbitrary: anyPairs.map(encodedForm) },
    { weight: 1, arbitrary: anyPairs.map(rawForm) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  );
};

const aFormContentType = (): fc.Arbitrary<string> =>
  fc.constantFrom(
    'application/x-www-form-urlencoded',
    'application/x-www-form-urlencoded; charset=utf-8',
    'Application/X-WWW-Form-Urlencoded',
  );

describe('any form body', () => {
  let harness: AdapterHarness;

  beforeAll(async () => {
    harness = await startAdapterHarness();
  });
  afterAll(() => harness.close());

  it('is answered 2xx or 4xx with a problem body, never 5xx, never a throw', async () => {
    await fc.assert(
      fc.asyncProperty(aFormBody(), aFormContentType(), somePathIds(), async (body, contentType, pathParameters) => {
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
