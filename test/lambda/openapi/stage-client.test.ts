import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../../lambda/create-handler';
import { keyedRunId } from '../../../lambda/runs/run-id';
import { type AdapterHarness, startAdapterHarness, withApiKey } from '../../support/adapter-harness';

const HOST = 'abc123.execute-api.eu-west-1.amazonaws.com';
const STAGE = 'v1';
/** A well-formed run id that no run has: its status route is reached and answers its own 404. */
const UNKNOWN_RUN_ID = keyedRunId('api-key/key:no-such-run');

interface OpenApiDocument {
  servers?: { url: string }[];
  paths: Record<string, Record<string, { operationId?: string; security?: unknown[] }>>;
}

const compile = (template: string): RegExp => new RegExp(`^${template.replace(/\{(\w+)\}/g, '(?<$1>[^/]+)')}$`);

/**
 * What API Gateway does with a URL before the function sees it: a path outside the stage, or no
 * resource of the API, is answered by API Gateway itself (403 "Missing Authentication Token");
 * otherwise the event carries the path without the stage, the resource template, its path
 * parameters, and the full path in `requestContext.path`.
 */
const gatewayEventFor = (
  url: URL,
  method: string,
  headers: Record<string, string>,
  body?: string,
): APIGatewayProxyEvent | 'refused by API Gateway' => {
  if (url.host !== HOST || !url.pathname.startsWith(`/${STAGE}/`)) return 'refused by API Gateway';
  const path = url.pathname.slice(STAGE.length + 1);
  const route = ROUTES.find(({ template }) => compile(template).test(path));
  if (route === undefined) return 'refused by API Gateway';
  return {
    httpMethod: method,
    path,
    resource: route.template,
    pathParameters: compile(route.template).exec(path)?.groups ?? null,
    headers: { Host: HOST, 'X-Forwarded-Proto': 'https', ...headers },
    multiValueHeaders: {},
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    stageVariables: null,
    body: body ?? null,
    isBase64Encoded: false,
    requestContext: { requestId: crypto.randomUUID(), path: url.pathname, stage: STAGE, httpMethod: method },
  } as unknown as APIGatewayProxyEvent;
};

const aContext = (): Context =>
  ({ awsRequestId: crypto.randomUUID(), getRemainingTimeInMillis: () => 29_000 }) as unknown as Context;

const RUN = JSON.stringify({ contactListId: 1, importJobId: 2, customEvents: ['SendWelcomeEmail'] });

describe('a client of the document served at /v1/openapi.json, behind API Gateway', () => {
  let harness: AdapterHarness;
  let document: OpenApiDocument;

  const invoke = async (url: URL, method: string, headers: Record<string, string> = {}, body?: string) => {
    const event = gatewayEventFor(url, method, headers, body);
    if (event === 'refused by API Gateway') return { statusCode: 403, body: event } as APIGatewayProxyResult;
    return (await harness.handler(event, aContext())) as APIGatewayProxyResult;
  };

  beforeAll(async () => {
    harness = await startAdapterHarness();
    const answer = await invoke(new URL(`https://${HOST}/${STAGE}/openapi.json`), 'GET');
    document = JSON.parse(answer.body) as OpenApiDocument;
  });
  afterAll(() => harness.close());

  /** Every operation of the document with the URL a client resolves for it: `servers[0]` + path. */
  const operations = () =>
    Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([method]) => ['get', 'head', 'post'].includes(method))
        .map(([method, operation]) => ({
          method: method.toUpperCase(),
          operation,
          url: new URL(
            `${document.servers?.[0]?.url}${path
              .replace('{contactListId}', '1')
              .replace('{importJobId}', '2')
              .replace('{runId}', UNKNOWN_RUN_ID)}`,
          ),
        })),
    );

  it('names the stage in its servers', () => {
    // Assert
    expect(document.servers).toEqual([{ url: `https://${HOST}/${STAGE}` }]);
  });

  it('reaches every operation where it is, each answering 200 (a run that does not exist: its route’s 404)', async () => {
    // Arrange
    const all = operations();

    // Act
    const answers = await Promise.all(
      all.map(async ({ method, operation, url }) => {
        const secured = (operation.security ?? []).length > 0;
        const headers = secured ? withApiKey(method === 'POST' ? { 'content-type': 'application/json' } : {}) : {};
        const answer = await invoke(
          url,
          method,
          headers,
          method === 'POST' && url.pathname.endsWith('/imports/run') ? RUN : undefined,
        );
        const title = answer.statusCode === 404 ? ` ${JSON.parse(answer.body || '{}').title ?? ''}` : '';
        return `${method} ${url.pathname} ${answer.statusCode}${method === 'HEAD' ? '' : title}`;
      }),
    );

    // Assert
    expect(all.length).toBeGreaterThanOrEqual(8);
    expect(answers).toEqual(
      all.map(({ method, url }) =>
        url.pathname.includes('/runs/')
          ? `${method} ${url.pathname} 404${method === 'HEAD' ? '' : ' Run not found'}`
          : `${method} ${url.pathname} 200`,
      ),
    );
  });

  it('gets a HEAD answer with the GET answer’s status and headers and no body', async () => {
    // Arrange
    const url = new URL(`https://${HOST}/${STAGE}/contact-lists/1/imports/2`);

    // Act
    const [get, head] = await Promise.all([invoke(url, 'GET', withApiKey()), invoke(url, 'HEAD', withApiKey())]);

    // Assert
    expect(head.statusCode).toBe(get.statusCode);
    expect(Object.keys(head.headers ?? {}).sort()).toEqual(Object.keys(get.headers ?? {}).sort());
    expect(head.headers?.['Content-Type']).toBe(get.headers?.['Content-Type']);
    expect(get.body.length).toBeGreaterThan(0);
    expect(head.body).toBe('');
  });
});
