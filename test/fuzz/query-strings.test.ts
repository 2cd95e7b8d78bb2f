import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { type AdapterHarness, startAdapterHarness } from '../support/adapter-harness';
import {
  aFieldText,
  anEventFor,
  anIdLikeText,
  aPayloadKey,
  expectSuccessOrProblem,
  FUZZ_RUNS,
  invoke,
  nearlyValidFieldPairs,
  RUN_BY_PATH_RESOURCE,
  RUN_RESOURCE,
  STATUS_RESOURCE,
} from './handler-invocation';

/** Pairs as API Gateway hands a query string over: each name with the list of its values. */
const asQueryLists = (pairs: readonly [string, string][]): Record<string, string[]> => {
  const lists = new Map<string, string[]>();
  for (const [name, value] of pairs) lists.set(name, [...(lists.get(name) ?? []), value]);
  return Object.fromEntries(lists);
};

/** A query string: nearly valid fields, or any names with any values, a name possibly repeated. */
const aQuery = (): fc.Arbitrary<Record<string, string[]>> =>
  fc.oneof(
    { weight: 3, arbitrary: nearlyValidFieldPairs().map(asQueryLists) },
    { weight: 2, arbitrary: fc.array(fc.tuple(aPayloadKey(), aFieldText()), { maxLength: 8 }).map(asQueryLists) },
  );

/** Which route the query goes to, with the path ids that route takes. */
const aRoute = (): fc.Arbitrary<{
  method: string;
  resource: string;
  pathParameters: Record<string, string> | null;
}> => {
  const pathIds = fc.record({ contactListId: anIdLikeText(), importJobId: anIdLikeText() });
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant({ method: 'POST', resource: RUN_RESOURCE, pathParameters: null }) },
    {
      weight: 1,
      arbitrary: pathIds.map((ids) => ({ method: 'POST', resource: RUN_BY_PATH_RESOURCE, pathParameters: ids })),
    },
    { weight: 1, arbitrary: pathIds.map((ids) => ({ method: 'GET', resource: STATUS_RESOURCE, pathParameters: ids })) },
  );
};

describe('any query string', () => {
  let harness: AdapterHarness;

  beforeAll(async () => {
    harness = await startAdapterHarness();
  });
  afterAll(() => harness.close());

  it('is answered 2xx or 4xx with a problem body, never 5xx, never a throw', async () => {
    await fc.assert(
      fc.asyncProperty(aQuery(), aRoute(), async (query, route) => {
        // Arrange
        const event = anEventFor({ ...route, query });

        // Act
        const result = await invoke(harness.handler, event);

        // Assert
        expectSuccessOrProblem(result, event);
      }),
      { numRuns: FUZZ_RUNS },
    );
  });
});
