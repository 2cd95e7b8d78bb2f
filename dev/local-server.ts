import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';

/** A Lambda handler as the local server calls it: an API Gateway event in, a proxy result out. */
type ProxyHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<unknown>;

interface LocalServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** API Gateway's own cap on a request body; the handler enforces the routes' smaller limit itself. */
const GATEWAY_BODY_LIMIT_BYTES = 10 * 1024 * 1024;
/** API Gateway's integration timeout: the most a local invocation is told it has. */
const GATEWAY_TIMEOUT_MS = 29_000;

const readBody = async (request: IncomingMessage): Promise<Buffer | undefined> => {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).byteLength;
    if (size > GATEWAY_BODY_LIMIT_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
};

/** A record with no prototype, so that a caller's `constructor` or `__proto__` is only ever a key. */
const emptyLists = (): Record<string, string[]> => Object.create(null) as Record<string, string[]>;

const headerLists = (request: IncomingMessage): Record<string, string[]> => {
  const lists = emptyLists();
  for (let index = 0; index < request.rawHeaders.length; index += 2) {
    const name = request.rawHeaders[index] as string;
    (lists[name] ??= []).push(request.rawHeaders[index + 1] as string);
  }
  return lists;
};

const queryLists = (search: URLSearchParams): Record<string, string[]> => {
  const lists = emptyLists();
  for (const [name, value] of search) (lists[name] ??= []).push(value);
  return lists;
};

const lastValues = (lists: Record<string, string[]>): Record<string, string> =>
  Object.fromEntries(Object.entries(lists).map(([name, values]) => [name, values.at(-1) as string]));

/**
 * Turns a local HTTP request into the event API Gateway's REST proxy integration would send: the
 * body as text when it is UTF-8, else base64 with `isBase64Encoded`, as for a binary media type.
 */
const toProxyEvent = (request: IncomingMessage, body: Buffer): APIGatewayProxyEvent => {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const headers = headerLists(request);
  // API Gateway tells the function the scheme the caller used; here it is always plain http.
  for (const name of Object.keys(headers)) if (name.toLowerCase() === 'x-forwarded-proto') delete headers[name];
  headers['X-Forwarded-Proto'] = ['http'];
  const query = queryLists(url.searchParams);
  const isText = body.byteLength === 0 || Buffer.from(body.toString('utf8'), 'utf8').equals(body);
  const requestId = randomUUID();
  return {
    httpMethod: request.method ?? 'GET',
    path: url.pathname,
    resource: '/{proxy+}',
    pathParameters: null,
    stageVariables: null,
    headers: lastValues(headers),
    multiValueHeaders: headers,
    queryStringParameters: Object.keys(query).length > 0 ? lastValues(query) : null,
    multiValueQueryStringParameters: Object.keys(query).length > 0 ? query : null,
    body: body.byteLength === 0 ? null : isText ? body.toString('utf8') : body.toString('base64'),
    isBase64Encoded: !isText,
    requestContext: { requestId, httpMethod: request.method ?? 'GET', path: url.pathname, stage: 'local' },
  } as unknown as APIGatewayProxyEvent;
};

const localContext = (requestId: string): Context => {
  const deadline = Date.now() + GATEWAY_TIMEOUT_MS;
  return {
    awsRequestId: requestId,
    functionName: 'which50-import-webhook-local',
    functionVersion: '$LATEST',
    memoryLimitInMB: '512',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  } as unknown as Context;
};

const writeResult = (response: ServerResponse, result: APIGatewayProxyResult): void => {
  response.statusCode = result.statusCode;
  for (const [name, value] of Object.entries(result.headers ?? {})) response.setHeader(name, String(value));
  for (const [name, values] of Object.entries(result.multiValueHeaders ?? {}))
    response.setHeader(name, values.map(String));
  response.end(Buffer.from(result.body ?? '', result.isBase64Encoded ? 'base64' : 'utf8'));
};

/** An answer given by the server itself, where API Gateway would answer before invoking the function. */
const writeGatewayProblem = (response: ServerResponse, status: number, title: string, detail: string): void => {
  const requestId = randomUUID();
  writeResult(response, {
    statusCode: status,
    headers: { 'Content-Type': 'application/problem+json', 'x-request-id': requestId },
    body: JSON.stringify({ type: 'about:blank', title, status, detail, requestId }),
  });
};

/**
 * Serves a Lambda handler over HTTP the way API Gateway would invoke it, so that the local run
 * exercises exactly the code that is deployed. Port 0 picks a free port (tests use that). A port
 * that cannot be had (in use, say) rejects with the listen error, whose `code` says why.
 */
const startLocalServer = async (
  handler: ProxyHandler,
  options: { port?: number; host?: string } = {},
): Promise<LocalServer> => {
  const server = createServer(async (request, response) => {
    try {
      const body = await readBody(request);
      if (body === undefined) {
        writeGatewayProblem(response, 413, 'Payload too large', 'The body exceeds 10 MiB.');
        request.resume();
        return;
      }
      const event = toProxyEvent(request, body);
      const result = (await handler(event, localContext(event.requestContext.requestId))) as APIGatewayProxyResult;
      writeResult(response, result);
    } catch {
      writeGatewayProblem(response, 502, 'Bad gateway', 'The function failed without an answer.');
    }
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 3000, options.host ?? '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
};

export { type LocalServer, startLocalServer, toProxyEvent };
