import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SynthesizedStack, synthStack } from '../support/synth-stack';

/** The properties of an `AWS::ApiGateway::GatewayResponse` this stack declares. */
interface GatewayResponse {
  readonly ResponseType: string;
  readonly StatusCode: string;
  readonly ResponseParameters: Record<string, string>;
  readonly ResponseTemplates: Record<string, string>;
}

const gatewayResponses = (synthesized: SynthesizedStack): GatewayResponse[] =>
  Object.values(synthesized.template.findResources('AWS::ApiGateway::GatewayResponse')).map(
    ({ Properties }) => Properties as GatewayResponse,
  );

/** A gateway response of the template, by its type. */
const gatewayResponse = (synthesized: SynthesizedStack, type: string): GatewayResponse => {
  const found = gatewayResponses(synthesized).filter(({ ResponseType }) => ResponseType === type);
  if (found.length !== 1) throw new Error(`Expected one ${type} gateway response, found ${found.length}.`);
  return found[0]!;
};

interface RenderedAnswer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: Record<string, unknown>;
}

/**
 * What a caller receives from a gateway response, mapped as API Gateway maps it: header values are
 * quoted literals or `context.*` variables, and the body template's `$context.requestId` is filled in.
 */
const renderAsApiGateway = (response: GatewayResponse, requestId: string): RenderedAnswer => {
  const context: Record<string, string> = { 'context.requestId': requestId };
  const headers = Object.fromEntries(
    Object.entries(response.ResponseParameters).map(([name, value]) => [
      name.replace(/^gatewayresponse\.header\./, '').toLowerCase(),
      /^'.*'$/.test(value) ? value.slice(1, -1) : (context[value] ?? `<unmapped ${value}>`),
    ]),
  );
  const template = response.ResponseTemplates['application/json'] ?? '';
  const body = JSON.parse(template.replaceAll('$context.requestId', requestId)) as Record<string, unknown>;
  return { status: Number(response.StatusCode), headers, body };
};

const A_REQUEST_ID = '5f0c1d2e-0000-4000-8000-00000000abcd';

describe("API Gateway's own answers", () => {
  let synthesized: SynthesizedStack;

  beforeAll(() => {
    synthesized = synthStack();
  });

  afterAll(() => synthesized.cleanUp());

  describe('beyond the reserved concurrency (a throttled function is never invoked)', () => {
    it('answers 503 problem+json that says to retry later, instead of the bare 500', () => {
      // Act
      const answer = renderAsApiGateway(gatewayResponse(synthesized, 'INTEGRATION_FAILURE'), A_REQUEST_ID);

      // Assert
      expect(answer.status).toBe(503);
      expect(answer.headers['content-type']).toBe('application/problem+json');
      expect(answer.body).toEqual({
        type: 'about:blank',
        title: 'Service Unavailable',
        status: 503,
        detail: expect.stringMatching(/nothing was run\. Retry later\.$/),
        requestId: A_REQUEST_ID,
      });
    });

    it('says when to come back with Retry-After', () => {
      // Act
      const { headers } = renderAsApiGateway(gatewayResponse(synthesized, 'INTEGRATION_FAILURE'), A_REQUEST_ID);

      // Assert
      expect(Number(headers['retry-after'])).toBeGreaterThanOrEqual(1);
    });
  });

  it("answers an unknown route with a problem+json 404 instead of API Gateway's 403", () => {
    // Act
    const answer = renderAsApiGateway(gatewayResponse(synthesized, 'MISSING_AUTHENTICATION_TOKEN'), A_REQUEST_ID);

    // Assert
    expect(answer.status).toBe(404);
    expect(answer.body).toEqual({
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      detail: expect.any(String),
      requestId: A_REQUEST_ID,
    });
  });

  it.each([
    ['THROTTLED', 429],
    ['DEFAULT_5XX', 502],
  ])('answers %s with %i, telling the caller to retry later and when', (type, status) => {
    // Act
    const answer = renderAsApiGateway(gatewayResponse(synthesized, type), A_REQUEST_ID);

    // Assert
    expect(answer.status).toBe(status);
    expect(answer.body.detail).toMatch(/retry later/i);
    expect(Number(answer.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  });

  it('answers a request the WAF refused as a problem+json 403', () => {
    // Act
    const answer = renderAsApiGateway(gatewayResponse(synthesized, 'WAF_FILTERED'), A_REQUEST_ID);

    // Assert
    expect(answer).toMatchObject({ status: 403, body: { title: 'Forbidden', status: 403 } });
  });

  it('gives every answer of its own the x-request-id header, equal to the body requestId', () => {
    // Arrange
    const types = gatewayResponses(synthesized).map(({ ResponseType }) => ResponseType);

    // Act
    const answers = types.map((type) => renderAsApiGateway(gatewayResponse(synthesized, type), A_REQUEST_ID));

    // Assert
    expect(types.length).toBeGreaterThanOrEqual(7);
    for (const { headers, body } of answers) {
      expect(headers['x-request-id']).toBe(A_REQUEST_ID);
      expect(body.requestId).toBe(A_REQUEST_ID);
    }
  });

  it('answers every refusal with a full problem whose status matches the HTTP status', () => {
    // Act
    const answers = gatewayResponses(synthesized).map((response) => renderAsApiGateway(response, A_REQUEST_ID));

    // Assert
    for (const { status, headers, body } of answers) {
      expect(headers['content-type']).toBe('application/problem+json');
      expect(Object.keys(body).toSorted()).toEqual(['detail', 'requestId', 'status', 'title', 'type']);
      expect(body.status).toBe(status);
    }
  });
});
