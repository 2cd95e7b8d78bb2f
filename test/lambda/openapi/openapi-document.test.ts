import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../../lambda/create-handler';
import { openApiDocument, openApiDocumentServedAt } from '../../../lambda/openapi/openapi-document';
import { type AdapterHarness, jsonOf, postJson, startAdapterHarness, withApiKey } from '../../support/adapter-harness';
import { type AcceptHarness, postAsync, startAcceptHarness } from '../../support/async-accept-harness';
import { AN_API_KEY } from '../../support/factories';

type Operation = (typeof openApiDocument.paths)[keyof typeof openApiDocument.paths];

const HTTP_METHODS = ['get', 'head', 'post', 'put', 'patch', 'delete'] as const;

/** Every `METHOD /path` the document declares. */
const documentedRoutes = (): string[] =>
  Object.entries(openApiDocument.paths).flatMap(([path, item]) =>
    HTTP_METHODS.filter((method) => method in item).map((method) => `${method.toUpperCase()} ${path}`),
  );

/** A validator for one of the document's schemas, its `$ref`s resolved against the document. */
const schemaValidator = (ref: string) => {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  return ajv.compile({ $ref: ref, components: openApiDocument.components });
};

describe('the OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    // Act
    const result = await new Validator().validate(
      structuredClone(
        openApiDocumentServedAt('https://abc123.execute-api.eu-west-1.amazonaws.com/v1'),
      ) as unknown as Parameters<Validator['validate']>[0],
    );

    // Assert
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it("describes exactly the handler's routes, and a HEAD beside every GET", () => {
    // Arrange
    const served = ROUTES.flatMap(({ method, template }) =>
      method === 'GET' ? [`GET ${template}`, `HEAD ${template}`] : [`${method} ${template}`],
    );

    // Act
    const documented = documentedRoutes();

    // Assert
    expect(documented.toSorted()).toEqual([...new Set(served)].toSorted());
  });

  it('gives every problem example the shape of the Problem schema', () => {
    // Arrange
    const isProblem = schemaValidator('#/components/schemas/Problem');
    const operations = Object.values(openApiDocument.paths).flatMap((item: Operation) =>
      HTTP_METHODS.flatMap(
        (method) => ((item as Record<string, unknown>)[method] as { responses: object } | undefined) ?? [],
      ),
    );
    const examples = operations.flatMap((operation) =>
      Object.values(operation.responses).flatMap(
        (response: { content?: Record<string, { example?: unknown }> }) =>
          response.content?.['application/problem+json']?.example ?? [],
      ),
    );

    // Act
    const invalid = examples.filter((example) => !isProblem(example));

    // Assert
    expect(examples.length).toBeGreaterThan(10);
    expect(invalid).toEqual([]);
  });
});

describe('the OpenAPI document against the handler', () => {
  let harness: AdapterHarness;

  beforeAll(async () => {
    harness = await startAdapterHarness();
  });
  afterAll(() => harness.close());

  it('is what GET /openapi.json serves, without a credential, with the local server as its server', async () => {
    // Act
    const response = await harness.request('/openapi.json');

    // Assert
    expect(response.status).toBe(200);
    const served = await jsonOf(response);
    expect(served).toEqual(JSON.parse(JSON.stringify(openApiDocumentServedAt(harness.url))));
    expect(served.servers).toEqual([{ url: harness.url }]);
  });

  it('answers HEAD /health as its GET, 200 without a body, over HTTP', async () => {
    // Act
    const response = await harness.request('/health', { method: 'HEAD' });

    // Assert
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.text()).toBe('');
  });

  it.each([
    ['405', 'GET', '/imports/run', {}, 'Allow', 'POST'],
    ['401', 'POST', '/imports/run', {}, 'WWW-Authenticate', 'Bearer'],
    ['405', 'DELETE', '/health', {}, 'Allow', 'GET, HEAD'],
  ])('declares the header a %s answer really carries (%s %s)', async (status, method, path, headers, name, value) => {
    // Arrange
    const declared = (openApiDocument.paths['/imports/run'].post.responses as Record<string, { headers: object }>)[
      status
    ]?.headers;

    // Act
    const response = await harness.request(path, { method, headers });

    // Assert
    expect(String(response.status)).toBe(status);
    expect(declared).toHaveProperty(name);
    expect(response.headers.get(name)).toBe(value);
  });

  it.each([
    ['/imports/run', openApiDocument.paths['/imports/run'].post],
    [
      '/contact-lists/1/imports/2/run',
      openApiDocument.paths['/contact-lists/{contactListId}/imports/{importJobId}/run'].post,
    ],
  ])(
    'runs the request example of POST %s and answers an ImportJob of the documented shape',
    async (path, operation) => {
      // Arrange
      const isImportJob = schemaValidator('#/components/schemas/ImportJob');
      const example = operation.requestBody.content['application/json'].example;

      // Act
      const response = await harness.request(path, postJson(example));

      // Assert
      expect(response.status).toBe(200);
      expect(isImportJob(await jsonOf(response))).toBe(true);
    },
  );

  it('answers the status route with an ImportJob of the documented shape', async () => {
    // Arrange
    const isImportJob = schemaValidator('#/components/schemas/ImportJob');

    // Act
    const response = await harness.request('/contact-lists/1/imports/2', { headers: withApiKey() });

    // Assert
    expect(isImportJob(await jsonOf(response))).toBe(true);
  });

  it.each([
    ['a refused payload', '/imports/run', postJson({ contactListId: 'x' })],
    ['a missing credential', '/imports/run', { method: 'POST' }],
    ['an unknown job', '/contact-lists/1/imports/999', { headers: withApiKey() }],
  ])('answers %s with a problem of the documented shape', async (_case, path, init) => {
    // Arrange
    const isProblem = schemaValidator('#/components/schemas/Problem');

    // Act
    const response = await harness.request(path, init);

    // Assert
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(isProblem(await jsonOf(response))).toBe(true);
  });
});

describe('the OpenAPI document against the async run routes', () => {
  let harness: AcceptHarness;

  beforeAll(async () => {
    harness = await startAcceptHarness();
  });
  afterAll(() => harness.close());

  it('declares the 202 of an async run and the headers it really carries', async () => {
    // Arrange
    const isAcceptedRun = schemaValidator('#/components/schemas/AcceptedRun');
    const declared = openApiDocument.paths['/imports/run'].post.responses['202'].headers;

    // Act
    const response = await harness.request(
      '/imports/run',
      postAsync({ contactListId: 1, importJobId: 2 }, { headers: { 'idempotency-key': 'openapi-accepted' } }),
    );

    // Assert
    expect(response.status).toBe(202);
    expect(isAcceptedRun(await jsonOf(response))).toBe(true);
    for (const name of ['Location', 'Preference-Applied']) {
      expect(declared).toHaveProperty(name);
      expect(response.headers.get(name)).not.toBeNull();
    }
  });

  it('answers GET /runs/{runId} with a run of the documented shape', async () => {
    // Arrange
    const isRun = schemaValidator('#/components/schemas/Run');
    const { runId } = await jsonOf(
      await harness.request('/imports/run', postAsync({ contactListId: 1, importJobId: 2 })),
    );

    // Act
    const response = await harness.request(`/runs/${runId}`, { headers: { 'x-api-key': AN_API_KEY } });

    // Assert
    expect(response.status).toBe(200);
    expect(isRun(await jsonOf(response))).toBe(true);
  });
});
