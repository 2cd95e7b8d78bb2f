import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DYNAMODB_CLIENT_CONFIG } from '../../../lambda/idempotency/dynamodb-persistence';
import {
  type AdapterHarness,
  jsonOf,
  type ProblemJson,
  postJson,
  startAdapterHarness,
} from '../../support/adapter-harness';
import { closedPort, type HangingEndpoint, startHangingEndpoint } from '../../support/hanging-endpoint';

const RUN = { contactListId: 1, importJobId: 2 };
const TABLE_NAME = 'which50-import-webhook-idempotency';
/** The longest a call to the table may take: two attempts of at most 3 s, and the SDK's backoff between them. */
const STORE_BOUND_MS = 2 * DYNAMODB_CLIENT_CONFIG.requestHandler.requestTimeout + 1_000;

const aFreshKey = (): Record<string, string> => ({ 'idempotency-key': randomUUID() });

describe('the DynamoDB client’s timeouts, through the handler', () => {
  describe('when DynamoDB accepts connections and never answers', () => {
    let dynamoDb: HangingEndpoint;
    let harness: AdapterHarness;

    beforeAll(async () => {
      dynamoDb = await startHangingEndpoint();
      harness = await startAdapterHarness({
        env: { IDEMPOTENCY_TABLE_NAME: TABLE_NAME, AWS_ENDPOINT_URL_DYNAMODB: dynamoDb.url },
      });
    });
    afterAll(async () => {
      await harness.close();
      await dynamoDb.close();
    });
    beforeEach(() => harness.sandbox.reset());

    it(
      'answers a keyed run 503 with Retry-After within the bound, after two attempts at most, and runs nothing',
      async () => {
        // Arrange
        const requestsBefore = dynamoDb.requests;

        // Act
        const started = performance.now();
        const response = await harness.request('/imports/run', postJson(RUN, aFreshKey()));
        const elapsedMs = performance.now() - started;

        // Assert
        expect(response.status).toBe(503);
        expect(response.headers.get('retry-after')).toBe('5');
        expect((await jsonOf<ProblemJson>(response)).title).toBe('Idempotency store unavailable');
        expect(harness.sandbox.runRequests()).toHaveLength(0);
        expect(elapsedMs).toBeLessThan(STORE_BOUND_MS);
        expect(elapsedMs).toBeGreaterThanOrEqual(DYNAMODB_CLIENT_CONFIG.requestHandler.requestTimeout);
        expect(dynamoDb.requests - requestsBefore).toBeGreaterThanOrEqual(1);
        expect(dynamoDb.requests - requestsBefore).toBeLessThanOrEqual(DYNAMODB_CLIENT_CONFIG.maxAttempts);
      },
      STORE_BOUND_MS + 5_000,
    );

    it('still runs a request without a key at once: it never touches the table', async () => {
      // Act
      const started = performance.now();
      const response = await harness.request('/imports/run', postJson(RUN));

      // Assert
      expect(response.status).toBe(200);
      expect(harness.sandbox.runRequests()).toHaveLength(1);
      expect(performance.now() - started).toBeLessThan(DYNAMODB_CLIENT_CONFIG.requestHandler.requestTimeout);
    });
  });

  describe('when DynamoDB cannot be reached', () => {
    let harness: AdapterHarness;

    beforeAll(async () => {
      harness = await startAdapterHarness({
        env: {
          IDEMPOTENCY_TABLE_NAME: TABLE_NAME,
          AWS_ENDPOINT_URL_DYNAMODB: `http://127.0.0.1:${await closedPort()}`,
        },
      });
    });
    afterAll(() => harness.close());

    it('answers a keyed run 503 with Retry-After, and runs nothing', async () => {
      // Act
      const response = await harness.request('/imports/run', postJson(RUN, aFreshKey()));

      // Assert
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('5');
      expect(harness.sandbox.runRequests()).toHaveLength(0);
    });
  });
});
