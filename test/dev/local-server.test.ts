import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { type LocalServer, startLocalServer } from '../../dev/local-server';

/** A handler that answers with the event it was given, so a test can see what the server built. */
const echoEvent = () => {
  const seen: { event?: APIGatewayProxyEvent; context?: Context } = {};
  const handler = async (event: APIGatewayProxyEvent, context: Context) => {
    seen.event = event;
    seen.context = context;
    return { statusCode: 201, headers: { 'x-answer': 'yes' }, body: 'done' };
  };
  return { handler, seen };
};

describe('the local server', () => {
  let server: LocalServer | undefined;

  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('turns a request into an API Gateway REST proxy event', async () => {
    // Arrange
    const { handler, seen } = echoEvent();
    server = await startLocalServer(handler, { port: 0 });

    // Act
    const response = await fetch(`${server.url}/imports/run?a=1&a=2&b=x%20y`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'X-Custom': 'kept' },
      body: '{"contactListId":1}',
    });

    // Assert
    expect(response.status).toBe(201);
    expect(response.headers.get('x-answer')).toBe('yes');
    expect(await response.text()).toBe('done');
    expect(seen.event).toMatchObject({
      httpMethod: 'POST',
      path: '/imports/run',
      body: '{"contactListId":1}',
      isBase64Encoded: false,
      multiValueQueryStringParameters: { a: ['1', '2'], b: ['x y'] },
      queryStringParameters: { a: '2', b: 'x y' },
    });
    expect(seen.event?.headers['X-Custom']).toBe('kept');
    expect(seen.event?.requestContext.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('takes query keys and header names that are also Object property names as plain data', async () => {
    // Arrange
    const { handler, seen } = echoEvent();
    server = await startLocalServer(handler, { port: 0 });

    // Act
    const response = await fetch(`${server.url}/health?constructor=1&__proto__=2&toString=3`, {
      headers: { constructor: 'c' },
    });

    // Assert
    expect(response.status).toBe(201);
    expect(seen.event?.multiValueQueryStringParameters).toMatchObject({ constructor: ['1'], toString: ['3'] });
    expect(seen.event?.headers.constructor).toBe('c');
  });

  it('passes a body that is not UTF-8 as base64, byte for byte', async () => {
    // Arrange
    const { handler, seen } = echoEvent();
    server = await startLocalServer(handler, { port: 0 });
    const bytes = Buffer.from([0xff, 0xfe, 0x00, 0x41]);

    // Act
    await fetch(`${server.url}/imports/run`, { method: 'POST', body: bytes });

    // Assert
    expect(seen.event?.isBase64Encoded).toBe(true);
    expect(Buffer.from(seen.event?.body ?? '', 'base64').equals(bytes)).toBe(true);
  });

  it("tells the handler how much of API Gateway's 29 seconds remain", async () => {
    // Arrange
    const { handler, seen } = echoEvent();
    server = await startLocalServer(handler, { port: 0 });

    // Act
    await fetch(`${server.url}/health`);

    // Assert
    const remaining = seen.context?.getRemainingTimeInMillis() ?? 0;
    expect(remaining).toBeGreaterThan(28_000);
    expect(remaining).toBeLessThanOrEqual(29_000);
  });

  it('answers 502 with a problem when the handler throws', async () => {
    // Arrange
    server = await startLocalServer(async () => Promise.reject(new Error('boom')), { port: 0 });

    // Act
    const response = await fetch(`${server.url}/health`);

    // Assert
    expect(response.status).toBe(502);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.headers.get('x-request-id')).toBeTruthy();
  });
});
