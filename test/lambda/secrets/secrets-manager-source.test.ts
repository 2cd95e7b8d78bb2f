import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type AdapterHarness, jsonOf, postJson, startAdapterHarness, withApiKey } from '../../support/adapter-harness';

const RUN = { contactListId: 1, importJobId: 2 };

describe('the secret from Secrets Manager', () => {
  let harness: AdapterHarness;

  beforeAll(async () => {
    harness = await startAdapterHarness();
  });
  afterAll(() => harness.close());
  beforeEach(() => harness.sandbox.reset());

  it('is fetched once and then served from the cache across requests', async () => {
    // Arrange
    await harness.request('/contact-lists/1/imports/2', { headers: withApiKey() });
    const fetchesAfterFirst = harness.secrets.fetches;

    // Act
    for (let index = 0; index < 10; index++) {
      await harness.request('/contact-lists/1/imports/2', { headers: withApiKey() });
    }

    // Assert
    expect(harness.secrets.fetches).toBe(fetchesAfterFirst);
  });

  it('is fetched afresh exactly once when the upstream answers 401, and the run is retried once', async () => {
    // Arrange
    await harness.request('/contact-lists/1/imports/2', { headers: withApiKey() });
    const rotated = { scheme: 'basic' as const, username: 'importer', password: 'rotated password' };
    harness.sandbox.setAuth(rotated);
    harness.putSecret({ ...harness.defaultSecret(), which50: { baseUrl: harness.sandbox.baseUrl, auth: rotated } });
    const fetchesBefore = harness.secrets.fetches;

    // Act
    const response = await harness.request('/imports/run', postJson(RUN));

    // Assert
    expect(response.status).toBe(200);
    expect(harness.secrets.fetches).toBe(fetchesBefore + 1);
    expect(harness.sandbox.runRequests()).toHaveLength(2);
  });
});

describe('Secrets Manager faults', () => {
  let harness: AdapterHarness;

  /** Every request fetches, and no stale secret stands in: each fault reaches the caller as it is. */
  beforeAll(async () => {
    harness = await startAdapterHarness({ env: { SECRET_CACHE_SECONDS: '0', SECRET_STALE_SECONDS: '0' } });
  });
  afterAll(() => harness.close());
  beforeEach(() => {
    harness.secrets.reset();
    harness.sandbox.reset();
    harness.putSecret(harness.defaultSecret());
  });

  it('answers 500 naming SECRET_ID when the secret does not exist', async () => {
    // Arrange
    harness.secrets.deleteSecret(harness.secretName);

    // Act
    const response = await harness.request('/imports/run', postJson(RUN));

    // Assert
    expect(response.status).toBe(500);
    expect((await jsonOf(response)).detail).toContain('SECRET_ID');
  });

  it('answers 500 when the function may not read the secret', async () => {
    // Arrange
    harness.secrets.failNext('AccessDeniedException', 400, 5);

    // Act
    const response = await harness.request('/imports/run', postJson(RUN));

    // Assert
    expect(response.status).toBe(500);
    expect((await jsonOf(response)).detail).toContain('may not read');
  });

  it('answers 503 while Secrets Manager throttles, and recovers once it stops', async () => {
    // Arrange
    harness.secrets.failNext('ThrottlingException', 400, 20);

    // Act
    const throttled = await harness.request('/imports/run', postJson(RUN));
    harness.secrets.reset();
    harness.putSecret(harness.defaultSecret());
    const recovered = await harness.request('/imports/run', postJson(RUN));

    // Assert
    expect(throttled.status).toBe(503);
    expect(throttled.headers.get('retry-after')).toBe('1');
    expect(recovered.status).toBe(200);
  });

  it('answers 500 for a secret that is not JSON, without quoting it', async () => {
    // Arrange
    harness.putSecret('token=very-secret-text');

    // Act
    const response = await harness.request('/imports/run', postJson(RUN));

    // Assert
    expect(response.status).toBe(500);
    const body = await response.text();
    expect(body).toContain('not valid JSON');
    expect(body).not.toContain('very-secret-text');
  });

  it('recovers on the next request once the missing secret exists', async () => {
    // Arrange
    harness.secrets.deleteSecret(harness.secretName);
    const missing = await harness.request('/imports/run', postJson(RUN));

    // Act
    harness.putSecret(harness.defaultSecret());
    const recovered = await harness.request('/imports/run', postJson(RUN));

    // Assert
    expect(missing.status).toBe(500);
    expect(recovered.status).toBe(200);
  });

  it('recovers on the next request once the function may read the secret again', async () => {
    // Arrange
    harness.secrets.failNext('AccessDeniedException', 400, 1);
    const denied = await harness.request('/imports/run', postJson(RUN));

    // Act
    const recovered = await harness.request('/imports/run', postJson(RUN));

    // Assert
    expect(denied.status).toBe(500);
    expect(recovered.status).toBe(200);
  });

  it.each([
    ['DecryptionFailure', 'cannot be decrypted'],
    ['InvalidRequestException', 'cannot be read'],
    ['InvalidParameterException', 'not a valid secret name'],
  ])('answers 500 for %s, a fault a retry will not mend, naming SECRET_ID', async (errorType, explanation) => {
    // Arrange
    harness.secrets.failNext(errorType, 400, 5);

    // Act
    const response = await harness.request('/imports/run', postJson(RUN));

    // Assert
    expect(response.status).toBe(500);
    const detail = String((await jsonOf(response)).detail);
    expect(detail).toContain(explanation);
    expect(detail).toContain('SECRET_ID');
  });

  it('answers 503 with Retry-After when Secrets Manager fails on its side, and recovers once it stops', async () => {
    // Arrange
    harness.secrets.failNext('InternalServiceError', 500, 20);

    // Act
    const failing = await harness.request('/imports/run', postJson(RUN));
    harness.secrets.reset();
    harness.putSecret(harness.defaultSecret());
    const recovered = await harness.request('/imports/run', postJson(RUN));

    // Assert
    expect(failing.status).toBe(503);
    expect(failing.headers.get('retry-after')).toBe('1');
    expect(String((await jsonOf(failing)).detail)).toContain('InternalServiceError');
    expect(recovered.status).toBe(200);
  });

  it('recovers on the next request once a secret that was not JSON is fixed', async () => {
    // Arrange
    harness.putSecret('token=very-secret-text');
    const broken = await harness.request('/imports/run', postJson(RUN));

    // Act
    harness.putSecret(harness.defaultSecret());
    const recovered = await harness.request('/imports/run', postJson(RUN));

    // Assert
    expect(broken.status).toBe(500);
    expect(recovered.status).toBe(200);
  });

  it('answers 500 naming a missing field, without quoting any value the secret holds', async () => {
    // Arrange
    const password = 'a-password-that-must-stay-hidden';
    harness.putSecret({
      ...harness.defaultSecret(),
      which50: { baseUrl: harness.sandbox.baseUrl, auth: { scheme: 'basic', password } },
    });

    // Act
    const response = await harness.request('/imports/run', postJson(RUN));

    // Assert
    expect(response.status).toBe(500);
    const body = await response.text();
    expect(body).toContain('which50.auth.username');
    expect(body).not.toContain(password);
    expect(body).not.toContain(harness.sandbox.baseUrl);
  });

  it('recovers on the next request once the missing field is added', async () => {
    // Arrange
    harness.putSecret({ inbound: harness.defaultSecret().inbound });
    const broken = await harness.request('/imports/run', postJson(RUN));

    // Act
    harness.putSecret(harness.defaultSecret());
    const recovered = await harness.request('/imports/run', postJson(RUN));

    // Assert
    expect(broken.status).toBe(500);
    expect(String((await jsonOf(broken)).detail)).toContain('which50');
    expect(recovered.status).toBe(200);
  });
});

describe('the first requests of a fresh function', () => {
  it('share one secret fetch when they arrive together', async () => {
    // Arrange
    const harness = await startAdapterHarness();

    // Act
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => harness.request('/contact-lists/1/imports/2', { headers: withApiKey() })),
    );

    // Assert
    expect(answers.map((answer) => answer.status)).toEqual(Array(10).fill(200));
    expect(harness.secrets.fetches).toBe(1);
    await harness.close();
  });
});

describe('a rotated secret', () => {
  it('is used once the cache period is over, and not before', async () => {
    // Arrange
    const harness = await startAdapterHarness({ env: { SECRET_CACHE_SECONDS: '1' } });
    const statusRead = () => harness.request('/contact-lists/1/imports/2', { headers: withApiKey() });
    await statusRead();
    const rotated = harness.defaultSecret();
    harness.putSecret({ ...rotated, inbound: { apiKeys: ['rotated-inbound-key'] } });

    // Act
    const withinPeriod = await statusRead();
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const afterPeriod = await statusRead();

    // Assert
    expect(withinPeriod.status).toBe(200);
    expect(afterPeriod.status).toBe(401);
    expect(harness.secrets.fetches).toBe(2);
    await harness.close();
  });
});

describe('an http base URL', () => {
  it('is refused with a 500 unless ALLOW_HTTP_UPSTREAM is set', async () => {
    // Arrange
    const harness = await startAdapterHarness({ env: { ALLOW_HTTP_UPSTREAM: 'false' } });

    // Act
    const response = await harness.request('/imports/run', postJson(RUN));

    // Assert
    expect(response.status).toBe(500);
    expect((await jsonOf(response)).detail).toContain('which50.baseUrl must use https');
    await harness.close();
  });
});
