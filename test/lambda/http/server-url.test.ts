import type { APIGatewayProxyEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { toHttpRequest } from '../../../lambda/http/http-request';
import { serverUrlOf } from '../../../lambda/http/server-url';

/** The event API Gateway sends for a REST API request, with only what the server URL depends on. */
const aGatewayEvent = (fields: {
  path: string;
  resource: string;
  servedPath: string;
  headers?: Record<string, string>;
  pathParameters?: Record<string, string> | null;
}): APIGatewayProxyEvent =>
  ({
    httpMethod: 'GET',
    path: fields.path,
    resource: fields.resource,
    pathParameters: fields.pathParameters ?? null,
    headers: fields.headers ?? {},
    multiValueHeaders: {},
    body: null,
    isBase64Encoded: false,
    requestContext: { requestId: 'r-1', path: fields.servedPath, stage: 'v1' },
  }) as unknown as APIGatewayProxyEvent;

const EXECUTE_API_HOST = 'abc123.execute-api.eu-west-1.amazonaws.com';

describe('serverUrlOf', () => {
  it('keeps the stage of an execute-api URL', () => {
    // Arrange
    const event = aGatewayEvent({
      path: '/openapi.json',
      resource: '/openapi.json',
      servedPath: '/v1/openapi.json',
      headers: { Host: EXECUTE_API_HOST, 'X-Forwarded-Proto': 'https' },
    });

    // Act
    const url = serverUrlOf(toHttpRequest(event));

    // Assert
    expect(url).toBe(`https://${EXECUTE_API_HOST}/v1`);
  });

  it("keeps a custom domain's base path, which API Gateway also puts in the event's path", () => {
    // Arrange
    const event = aGatewayEvent({
      path: '/webhooks/contact-lists/1/imports/2',
      resource: '/contact-lists/{contactListId}/imports/{importJobId}',
      pathParameters: { contactListId: '1', importJobId: '2' },
      servedPath: '/webhooks/contact-lists/1/imports/2',
      headers: { Host: 'api.example.com' },
    });

    // Act
    const url = serverUrlOf(toHttpRequest(event));

    // Assert
    expect(url).toBe('https://api.example.com/webhooks');
  });

  it('names the local server by the host the caller used, over http', () => {
    // Arrange
    const event = aGatewayEvent({
      path: '/openapi.json',
      resource: '/{proxy+}',
      servedPath: '/openapi.json',
      headers: { host: 'localhost:3000', 'x-forwarded-proto': 'http' },
    });

    // Act
    const url = serverUrlOf(toHttpRequest(event));

    // Assert
    expect(url).toBe('http://localhost:3000');
  });

  it.each([
    ['a Host with a path in it', 'evil.example/phish?'],
    ['a Host with user info', 'user@evil.example'],
    ['no Host', undefined],
  ])('falls back to the base path alone, a relative URL, for %s', (_case, host) => {
    // Arrange
    const event = aGatewayEvent({
      path: '/openapi.json',
      resource: '/openapi.json',
      servedPath: '/v1/openapi.json',
      headers: host === undefined ? {} : { Host: host },
    });

    // Act
    const url = serverUrlOf(toHttpRequest(event));

    // Assert
    expect(url).toBe('/v1');
  });
});
