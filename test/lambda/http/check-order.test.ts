import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type AdapterHarness,
  jsonOf,
  type ProblemJson,
  startAdapterHarness,
  withApiKey,
} from '../../support/adapter-harness';

/** Bytes that are not UTF-8 (a PNG's signature): the local server hands them on in base64, as API Gateway does. */
const BINARY = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0xfe]);

describe("a binary body, in the contract's check order (route, size, credential, content type, payload)", () => {
  let harness: AdapterHarness;

  beforeAll(async () => {
    harness = await startAdapterHarness();
  });
  afterAll(() => harness.close());
  beforeEach(() => harness.sandbox.reset());

  const post = (headers: Record<string, string>) =>
    harness.request('/imports/run', { method: 'POST', headers, body: BINARY });

  it('under an unsupported Content-Type is a 415, not a 400', async () => {
    // Act
    const response = await post(withApiKey({ 'content-type': 'image/png' }));

    // Assert
    expect(response.status).toBe(415);
    expect((await jsonOf<ProblemJson>(response)).title).toBe('Unsupported media type');
    expect(harness.sandbox.runRequests()).toHaveLength(0);
  });

  it('under a JSON Content-Type is the 400 of a malformed body', async () => {
    // Act
    const response = await post(withApiKey({ 'content-type': 'application/json' }));

    // Assert
    expect(response.status).toBe(400);
    expect((await jsonOf<ProblemJson>(response)).detail).toBe('The body is not valid UTF-8.');
    expect(harness.sandbox.runRequests()).toHaveLength(0);
  });

  it('without a credential is a 401 whatever its type', async () => {
    // Act
    const response = await post({ 'content-type': 'image/png' });

    // Assert
    expect(response.status).toBe(401);
    expect(harness.sandbox.runRequests()).toHaveLength(0);
  });
});
