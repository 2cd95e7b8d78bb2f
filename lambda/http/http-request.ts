import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent } from 'aws-lambda';

/**
 * One API Gateway request as the adapter reads it: header names lower-cased, every query value kept
 * (a repeated key is a list), and the body as the exact bytes the sender sent, so that signatures
 * can be checked over them before anything is parsed.
 */
interface HttpRequest {
  readonly requestId: string;
  readonly method: string;
  readonly path: string;
  /** The path the caller asked for, stage or custom domain base path included (`/v1/health`). */
  readonly servedPath: string;
  readonly resource: string | undefined;
  readonly pathParameters: Readonly<Record<string, string | undefined>>;
  readonly headers: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, readonly string[]>>;
  readonly rawBody: Buffer;
}

const fallbackRequestIds = new WeakMap<object, string>();

/**
 * The id every answer carries in `x-request-id`: API Gateway's own when there is one, so that a
 * caller's report can be matched to the access log; otherwise one made up once per event.
 */
const requestIdOf = (event: Partial<APIGatewayProxyEvent>): string => {
  const fromGateway = event.requestContext?.requestId;
  if (fromGateway) return fromGateway;
  let id = fallbackRequestIds.get(event);
  if (id === undefined) {
    id = randomUUID();
    fallbackRequestIds.set(event, id);
  }
  return id;
};

const lowerCaseHeaders = (event: APIGatewayProxyEvent): Record<string, string> => {
  const headers = Object.create(null) as Record<string, string>;
  for (const [name, value] of Object.entries(event.headers ?? {})) {
    if (value !== undefined) headers[name.toLowerCase()] = value;
  }
  for (const [name, values] of Object.entries(event.multiValueHeaders ?? {})) {
    if (values !== undefined && values.length > 0) headers[name.toLowerCase()] = values.join(', ');
  }
  return headers;
};

const queryLists = (event: APIGatewayProxyEvent): Record<string, readonly string[]> => {
  const query = Object.create(null) as Record<string, readonly string[]>;
  for (const [name, value] of Object.entries(event.queryStringParameters ?? {})) {
    if (value !== undefined) query[name] = [value];
  }
  for (const [name, values] of Object.entries(event.multiValueQueryStringParameters ?? {})) {
    if (values !== undefined && values.length > 0) query[name] = values;
  }
  return query;
};

/** Reads an API Gateway REST proxy event; a base64 body (binary media types) is decoded to its bytes. */
const toHttpRequest = (event: APIGatewayProxyEvent): HttpRequest => ({
  requestId: requestIdOf(event),
  method: (event.httpMethod ?? 'GET').toUpperCase(),
  path: event.path ?? '/',
  servedPath: event.requestContext?.path ?? event.path ?? '/',
  resource: event.resource ?? undefined,
  pathParameters: event.pathParameters ?? {},
  headers: lowerCaseHeaders(event),
  query: queryLists(event),
  rawBody: Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8'),
});

export { type HttpRequest, requestIdOf, toHttpRequest };
