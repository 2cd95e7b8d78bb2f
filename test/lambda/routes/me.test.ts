import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AdapterHarness, jsonOf, startAdapterHarness } from '../../support/adapter-harness';
import { AN_API_KEY } from '../../support/factories';
import { aSecretWithInbound, aStandardWebhook, STANDARD_WEBHOOKS_SECRET } from '../../support/signed-deliveries';

const ZAPIER_KEY = 'me-route-zapier-key-0001';
const SCOPE = [{ contactListId: 7 }, { contactListId: 1, importJobId: 2, customEvents: ['SendWelcomeEmail'] }];

describe('GET /me', () => {
  let harness: AdapterHarness;

  beforeAll(async () => {
    harness = await startAdapterHarness({
      secret: aSecretWithInbound({
        apiKeys: [AN_API_KEY, { key: ZAPIER_KEY, name: 'zapier', scope: SCOPE }],
        standardWebhooksSecret: { secret: STANDARD_WEBHOOKS_SECRET, name: 'crm' },
      }),
    });
  });

  afterAll(async () => {
    await harness.close();
  });

  it('names a named, scoped credential with its scheme and scope', async () => {
    // Act
    const response = await harness.request('/me', { headers: { 'x-api-key': ZAPIER_KEY } });

    // Assert
    expect(response.status).toBe(200);
    expect(await jsonOf(response)).toEqual({ principal: 'zapier', scheme: 'api-key', scope: SCOPE });
  });

  it('names an unnamed credential by its scheme, with no scope', async () => {
    // Act
    const response = await harness.request('/me', { headers: { authorization: `Bearer ${AN_API_KEY}` } });

    // Assert
    expect(await jsonOf(response)).toEqual({ principal: 'api-key', scheme: 'api-key', scope: null });
  });

  it('names a Standard Webhooks sender from its signed request', async () => {
    // Arrange
    const { headers } = aStandardWebhook('');

    // Act
    const response = await harness.request('/me', { headers });

    // Assert
    expect(await jsonOf(response)).toEqual({ principal: 'crm', scheme: 'standard-webhooks', scope: null });
  });

  it('refuses a wrong key with 401 and calls nothing upstream', async () => {
    // Act
    const response = await harness.request('/me', { headers: { 'x-api-key': 'not-a-configured-key-0000' } });

    // Assert
    expect(response.status).toBe(401);
    expect(harness.sandbox.requestCount).toBe(0);
  });
});
