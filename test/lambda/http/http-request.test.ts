import { describe, expect, it } from 'vitest';
import { requestIdOf, toHttpRequest } from '../../../lambda/http/http-request';
import { anApiGatewayEvent } from '../../support/factories';

describe('toHttpRequest', () => {
  describe('method, path and route', () => {
    it('reads the method, path, resource and path parameters', () => {
      // Arrange
      const event = anApiGatewayEvent({
        httpMethod: 'POST',
        path: '/contact-lists/1/imports/2/run',
        resource: '/contact-lists/{contactListId}/imports/{importJobId}/run',
        pathParameters: { contactListId: '1', importJobId: '2' },
      });

      // Act
      const request = toHttpRequest(event);

      // Assert
      expect(request).toMatchObject({
        method: 'POST',
        path: '/contact-lists/1/imports/2/run',
        resource: '/contact-lists/{contactListId}/imports/{importJobId}/run',
        pathParameters: { contactListId: '1', importJobId: '2' },
      });
    });

    it('upper-cases the method', () => {
      // Arrange
      const event = anApiGatewayEvent({ httpMethod: 'post' });

      // Act
      const request = toHttpRequest(event);

      // Assert
      expect(request.method).toBe('POST');
    });

    it('reads absent path parameters as none', () => {
      // Arrange
      const event = anApiGatewayEvent({ pathParameters: null });

      // Act
      const request = toHttpRequest(event);

      // Assert
      expect(request.pathParameters).toEqual({});
    });
  });

  describe('headers', () => {
    it('lower-cases header names', () => {
      // Arrange
      const event = anApiGatewayEvent({ headers: { 'X-Api-Key': 'k', 'Content-Type': 'application/json' } });

      // Act
      const request = toHttpRequest(event);

      // Assert
      expect(request.headers).toEqual({ 'x-api-key': 'k', 'content-type': 'application/json' });
    });

    it('keeps header values as they came', () => {
      // Arrange
      const event = anApiGatewayEvent({ headers: { Authorization: 'Bearer AbC' } });

      // Act
      const request = toHttpRequest(event);

      // Assert
      expect(request.headers.authorization).toBe('Bearer AbC');
    });

    it('joins a repeated header from multiValueHeaders with commas', () => {
      // Arrange
      const event = anApiGatewayEvent({
        headers: { 'Webhook-Signature': 'v1,second' },
        multiValueHeaders: { 'Webhook-Signature': ['v1,first', 'v1,second'] },
      });

      // Act
      const request = toHttpRequest(event);

      // Assert
      expect(request.headers['webhook-signature']).toBe('v1,first, v1,second');
    });

    it('reads headers given only in multiValueHeaders', () => {
      // Arrange
      const event = anApiGatewayEvent({ headers: {}, multiValueHeaders: { 'X-Api-Key': ['k'] } });

      // Act
      const request = toHttpRequest(event);

      // Assert
      expect(request.headers).toEqual({ 'x-api-key': 'k' });
    });

    it('reads absent header maps as no headers', () => {
      // Arrange
      const event = anApiGatewayEvent({
        headers: null as unknown as Record<string, string>,
        multiValueHeaders: null as unknown as Record<string, string[]>,
      });

      // Act
      const request = toHttpRequest(event);

      // Assert
      expect(request.headers).toEqual({});
    });
  });

  describe('query', () => {
    it('reads each query parameter as a list of one', () => {
      // Arrange
      const event = anApiGatewayEvent({ queryStringParameters: { contactListId: '1', customEvents: 'A,B' } });

      // Act
      const request = toHttpRequest(event);

      // Assert
      expect(request.query).toEqual({ contactListId: ['1'], customEvents: ['A,B'] });
    });

    it('keeps every value of a repeated query key, in order', () => {
      // Arrange
      const event = anApiGatewayEvent({
        queryStringParameters: { customEvents: 'B' },
        multiValueQueryStringParameters: { customEvents: ['A', 'B'] },
      });

      // Act
      const request = toHttpRequest(event);

      // Assert
      expect(request.query.customEvents).toEqual(['A', 'B']);
    });

    it('reads no query string as an empty query', () => {
      // Arrange
      const event = anApiGatewayEvent({ queryStringParameters: null, multiValueQueryStringParameters: null });

      // Act
      const request = toHttpRequest(event);

      // Assert
      expect(request.query).toEqual({});
    });
  });

  describe('body', () => {
    it('keeps a text body as its UTF-8 bytes', () => {
      // Arrange
      const event = anApiGatewayEvent({ body: '{"name":"Zoë"}', isBase64Encoded: false });

      // Act
      const request = toHttpRequest(event);

      // Assert
      expect(request.rawBody.equals(Buffer.from('{"name":"Zoë"}', 'utf8'))).toBe(true);
    });

    it('decodes a base64 body to exactly the bytes that were sent, even ones that are not UTF-8', () => {
      // Arrange
      const bytes = Buffer.from([0x7b, 0x00, 0xff, 0xfe, 0x80, 0x22, 0x7d]);
      const event = anApiGatewayEvent({ body: bytes.toString('base64'), isBase64Encoded: true });

      // Act
      const request = toHttpRequest(event);

      // Assert
      expect([...request.rawBody]).toEqual([...bytes]);
    });

    it('reads no body as zero bytes', () => {
      // Arrange
      const event = anApiGatewayEvent({ body: null });

      // Act
      const request = toHttpRequest(event);

      // Assert
      expect(request.rawBody.byteLength).toBe(0);
    });
  });

  describe('request id', () => {
    it('takes the API Gateway request id', () => {
      // Arrange
      const event = anApiGatewayEvent();
      event.requestContext.requestId = 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef';

      // Act
      const request = toHttpRequest(event);

      // Assert
      expect(request.requestId).toBe('c6af9ac6-7b61-11e6-9a41-93e8deadbeef');
    });

    it('makes one up when the event has no request context', () => {
      // Arrange
      const event = anApiGatewayEvent({ requestContext: undefined });

      // Act
      const request = toHttpRequest(event);

      // Assert
      expect(request.requestId).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('gives the same made-up id every time one event is read, so the answer and the log agree', () => {
      // Arrange
      const event = anApiGatewayEvent({ requestContext: undefined });

      // Act
      const first = toHttpRequest(event).requestId;
      const again = requestIdOf(event);

      // Assert
      expect(again).toBe(first);
    });

    it('makes up a different id for each event', () => {
      // Arrange
      const one = anApiGatewayEvent({ requestContext: undefined });
      const other = anApiGatewayEvent({ requestContext: undefined });

      // Act
      const ids = [requestIdOf(one), requestIdOf(other)];

      // Assert
      expect(ids[0]).not.toBe(ids[1]);
    });
  });
});
