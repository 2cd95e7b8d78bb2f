/**
 * What the handler-level fuzzers share: synthetic API Gateway events, an in-process invocation of
 * the deployed handler, the answer invariant every case must keep, and payload-shaped arbitraries.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import fc from 'fast-check';
import { expect } from 'vitest';
import { DEMO_API_KEY } from '../../dev/demo-secret';
import { FIELD_SPELLINGS, type PayloadField } from '../../lambda/payload/field-spellings';
import { anApiGatewayEvent } from '../support/factories';
import { secretFoundIn } from '../support/secret-registry';

/** Cases per fuzzer, as the contract asks; each one is an in-process invocation, so this stays quick. */
const FUZZ_RUNS = 10_000;

const RUN_RESOURCE = '/imports/run';
const RUN_BY_PATH_RESOURCE = '/contact-lists/{contactListId}/imports/{importJobId}/run';
const STATUS_RESOURCE = '/contact-lists/{contactListId}/imports/{importJobId}';

type Handler = (event: unknown, context: Context) => Promise<unknown>;

/** What a request is made of, before it becomes an API Gateway event. */
interface RequestParts {
  readonly method?: string;
  readonly resource?: string;
  readonly pathParameters?: Readonly<Record<string, string>> | null;
  readonly headers?: Readonly<Record<string, string>>;
  readonly query?: Readonly<Record<string, readonly string[]>>;
  readonly body?: string | null;
}

const fillTemplate = (resource: string, params: Readonly<Record<string, string>>): string =>
  resource.replace(/\{(\w+)\}/g, (_whole, name: string) => encodeURIComponent(params[name] ?? ''));

const lastValues = (lists: Readonly<Record<string, readonly string[]>>): Record<string, string> =>
  Object.fromEntries(Object.entries(lists).map(([name, values]) => [name, values.at(-1) ?? '']));

/**
 * The event API Gateway's REST proxy integration would send for these parts, from a caller holding
 * the demo API key (unless the parts' headers say otherwise).
 */
const anEventFor = ({
  method = 'POST',
  resource = RUN_RESOURCE,
  pathParameters = null,
  headers = {},
  query = {},
  body = null,
}: RequestParts): APIGatewayProxyEvent => {
  const allHeaders = { 'x-api-key': DEMO_API_KEY, ...headers };
  const hasQuery = Object.keys(query).length > 0;
  return anApiGatewayEvent({
    httpMethod: method,
    resource,
    path: fillTemplate(resource, pathParameters ?? {}),
    pathParameters: pathParameters === null ? null : { ...pathParameters },
    headers: allHeaders,
    multiValueHeaders: Object.fromEntries(Object.entries(allHeaders).map(([name, value]) => [name, [value]])),
    queryStringParameters: hasQuery ? lastValues(query) : null,
    multiValueQueryStringParameters: hasQuery
      ? Object.fromEntries(Object.entries(query).map(([k, v]) => [k, [...v]]))
      : null,
    body,
  });
};

/** A Lambda context with the time API Gateway would leave the function. */
const aContext = (): Context =>
  ({ awsRequestId: 'fuzz-invocation', getRemainingTimeInMillis: () => 28_000 }) as unknown as Context;

/** Invokes the handler in-process; a rejection fails the case, since the handler must always answer. */
const invoke = async (handler: Handler, event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> =>
  (await handler(event, aContext())) as APIGatewayProxyResult;

const headerOf = (result: APIGatewayProxyResult, name: string): unknown =>
  Object.entries(result.headers ?? {}).find(([key]) => key.toLowerCase() === name)?.[1];

/**
 * The invariant every fuzzed request keeps: a success or the caller's own fault, never a 5xx; a
 * 4xx is an RFC 9457 problem with all five members and the request id; no secret in the body.
 */
const expectSuccessOrProblem = (result: APIGatewayProxyResult, event: APIGatewayProxyEvent): void => {
  const { statusCode } = result;
  const isSuccess = statusCode >= 200 && statusCode < 300;
  const isCallersFault = statusCode >= 400 && statusCode < 500;
  expect(isSuccess || isCallersFault, `${statusCode} ${result.body}`).toBe(true);
  expect(secretFoundIn(result.body)).toBeUndefined();
  expect(headerOf(result, 'x-request-id')).toBe(event.requestContext.requestId);
  if (isSuccess) return;
  expect(headerOf(result, 'content-type')).toBe('application/problem+json');
  const problem = JSON.parse(result.body) as Record<string, unknown>;
  expect(problem).toEqual(
    expect.objectContaining({
      type: expect.any(String),
      title: expect.any(String),
      status: statusCode,
      detail: expect.any(String),
      requestId: event.requestContext.requestId,
    }),
  );
};

/** Keys that name what every object inherits: a careless reader would find values there. */
const INHERITED_NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];

/** A payload key: one of the spellings the adapter reads, `data`, an inherited name, or anything at all. */
const aPayloadKey = (): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...Object.values(FIELD_SPELLINGS).flat(), 'data') },
    { weight: 1, arbitrary: fc.constantFrom(...INHERITED_NAMES) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  );

/** Text that looks like an id, sometimes is one, and often almost is. */
const anIdLikeText = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.integer({ min: 1, max: 5 }).map(String),
    fc.integer().map(String),
    fc.constantFrom('0', '-1', '2147483647', '2147483648', ' 2 ', '0x10', '1e3', '1.0', '٣', '', '+2', '00002'),
    fc.string({ maxLength: 12 }),
  );

/** Text that looks like custom events: names, commas, spaces, control characters, lone surrogates. */
const anEventsLikeText = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.array(fc.string({ unit: 'binary', maxLength: 10 }), { maxLength: 6 }).map((names) => names.join(',')),
    fc.string({ unit: 'binary', maxLength: 200 }),
  );

/** A value for a form field or query parameter. */
const aFieldText = (): fc.Arbitrary<string> => fc.oneof(anIdLikeText(), anEventsLikeText());

/** One of the spellings the adapter reads for `field`. */
const aSpellingOf = (field: PayloadField): fc.Arbitrary<string> => fc.constantFrom(...FIELD_SPELLINGS[field]);

/** An id as text, mostly a small valid one (the sandbox knows list 1, job 2), else an odd one. */
const aSmallIdText = (): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.integer({ min: 1, max: 3 }).map(String) },
    { weight: 1, arbitrary: anIdLikeText() },
  );

/** Plausible event names: what a caller that means well sends. */
const someEventNames = (): fc.Arbitrary<string[]> =>
  fc.array(fc.stringMatching(/^[A-Za-z][A-Za-z0-9 _-]{0,20}$/), { maxLength: 5 });

/** Where a run's ids may also come from: mostly nowhere but the payload, sometimes the path. */
const somePathIds = (): fc.Arbitrary<Record<string, string> | null> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.record({ contactListId: anIdLikeText(), importJobId: anIdLikeText() }) },
  );

/**
 * Fields (as name and text pairs, a name possibly repeated) that are valid or nearly so, as a
 * form or a query string carries them: both ids under some spelling, events sometimes, as a
 * repeated key or one comma-separated value.
 */
const nearlyValidFieldPairs = (): fc.Arbitrary<[string, string][]> =>
  fc
    .tuple(
      aSpellingOf('contactListId'),
      aSmallIdText(),
      aSpellingOf('importJobId'),
      aSmallIdText(),
      fc.option(fc.tuple(aSpellingOf('customEvents'), someEventNames(), fc.boolean()), { nil: undefined }),
    )
    .map(([listKey, list, jobKey, job, events]): [string, string][] => {
      const pairs: [string, string][] = [
        [listKey, list],
        [jobKey, job],
      ];
      if (events === undefined) return pairs;
      const [eventsKey, names, repeated] = events;
      return repeated
        ? [...pairs, ...names.map((name): [string, string] => [eventsKey, name])]
        : [...pairs, [eventsKey, names.join(',')]];
    });

export {
  aFieldText,
  anEventFor,
  anEventsLikeText,
  anIdLikeText,
  aPayloadKey,
  aSmallIdText,
  aSpellingOf,
  expectSuccessOrProblem,
  FUZZ_RUNS,
  type Handler,
  invoke,
  nearlyValidFieldPairs,
  type RequestParts,
  RUN_BY_PATH_RESOURCE,
  RUN_RESOURCE,
  STATUS_RESOURCE,
  someEventNames,
  somePathIds,
};
