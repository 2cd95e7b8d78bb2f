import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AdapterHarness, postForm, postJson, startAdapterHarness, withApiKey } from '../support/adapter-harness';

/*
 * Inputs no sender means and an attacker might try, to make the adapter fail loudly (a 500 pages
 * whoever is on call) or run something: every one must get a 4xx and reach Which50 never.
 */

const deepArrays = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const deepObjects = (depth: number): string => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

const JSON_BODIES: readonly [string, string][] = [
  ['customEvents nested 30,000 deep', `{"contactListId":1,"importJobId":2,"customEvents":${deepArrays(30_000)}}`],
  [
    'an event nested 10,000 objects deep',
    `{"contactListId":1,"importJobId":2,"customEvents":[${deepObjects(10_000)}]}`,
  ],
  ['contactListId nested 30,000 deep', `{"contactListId":${deepArrays(30_000)},"importJobId":2}`],
  ['a data wrapper nested 10,000 deep', `{"data":${deepObjects(10_000)}}`],
  ['an id too large for a double', '{"contactListId":1e309,"importJobId":2}'],
  ['an id one past the largest', '{"contactListId":2147483648,"importJobId":2}'],
  ['negative zero', '{"contactListId":-0,"importJobId":2}'],
  ['a hexadecimal id', '{"contactListId":"0x10","importJobId":2}'],
  ['an exponent id', '{"contactListId":"1e3","importJobId":2}'],
  ['a lone surrogate in an event', '{"contactListId":1,"importJobId":2,"customEvents":["\\ud800"]}'],
  ['a NUL in an event', '{"contactListId":1,"importJobId":2,"customEvents":["A\\u0000B"]}'],
  ['__proto__ as the payload', '{"__proto__":{"contactListId":1,"importJobId":2}}'],
  ['an event name of 129 characters', `{"contactListId":1,"importJobId":2,"customEvents":["${'E'.repeat(129)}"]}`],
  ['60 KiB of one event name', `{"contactListId":1,"importJobId":2,"customEvents":"${'E'.repeat(60_000)}"}`],
  [
    '51 distinct events',
    `{"contactListId":1,"importJobId":2,"customEvents":${JSON.stringify(Array.from({ length: 51 }, (_, i) => `E${i}`))}}`,
  ],
  ['a JSON array', '[1,2]'],
  ['a JSON string', '"contactListId=1"'],
  ['truncated JSON', '{"contactListId":1,'],
];

let harness: AdapterHarness;

beforeAll(async () => {
  harness = await startAdapterHarness();
});

afterAll(async () => {
  await harness.close();
});

const expectRefusedWithoutUpstream = async (response: Response) => {
  expect(response.status).toBeGreaterThanOrEqual(400);
  expect(response.status).toBeLessThan(500);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  expect(harness.sandbox.requestCount).toBe(0);
};

describe('odd JSON bodies', () => {
  it.each(JSON_BODIES)('%s: a 4xx problem, no upstream call', async (_case, body) => {
    // Arrange
    harness.sandbox.reset();

    // Act
    const response = await harness.request('/imports/run', postJson(body));

    // Assert
    await expectRefusedWithoutUpstream(response);
  });
});

describe('odd bytes and shapes', () => {
  it('invalid UTF-8 sent as JSON: a 4xx, no upstream call', async () => {
    // Arrange
    harness.sandbox.reset();
    const init: RequestInit = {
      method: 'POST',
      headers: withApiKey({ 'content-type': 'application/json' }),
      body: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]),
    };

    // Act
    const response = await harness.request('/imports/run', init);

    // Assert
    await expectRefusedWithoutUpstream(response);
  });

  it('a form of 10,000 keys: a 4xx, no upstream call', async () => {
    // Arrange
    harness.sandbox.reset();
    const form = Array.from({ length: 10_000 }, (_, i) => `customEvents=E${i}`).join('&');

    // Act
    const response = await harness.request('/imports/run', postForm(`contactListId=1&importJobId=2&${form}`));

    // Assert
    await expectRefusedWithoutUpstream(response);
  });

  it('a query repeating one key 300 times: a 4xx, no upstream call', async () => {
    // Arrange
    harness.sandbox.reset();
    const query = Array.from({ length: 300 }, (_, i) => `contactListId=${i + 1}`).join('&');

    // Act
    const response = await harness.request(`/imports/run?importJobId=2&${query}`, {
      method: 'POST',
      headers: withApiKey(),
    });

    // Assert
    await expectRefusedWithoutUpstream(response);
  });

  it('a body one byte over 64 KiB: 413, no upstream call', async () => {
    // Arrange
    harness.sandbox.reset();
    const body = `{"contactListId":1,"importJobId":2,"pad":"${'x'.repeat(64 * 1024)}"}`;

    // Act
    const response = await harness.request('/imports/run', postJson(body));

    // Assert
    expect(response.status).toBe(413);
    expect(harness.sandbox.requestCount).toBe(0);
  });
});

describe('credential strength', () => {
  const WEAK_KEY = 'fifteen-chars-0';
  let weakHarness: AdapterHarness;

  beforeAll(async () => {
    weakHarness = await startAdapterHarness({
      secret: (sandbox) => ({
        which50: { baseUrl: sandbox.baseUrl, auth: sandbox.auth },
        inbound: { apiKeys: [WEAK_KEY] },
      }),
    });
  });

  afterAll(async () => {
    await weakHarness.close();
  });

  it('a secret whose API key is 15 characters answers 500 naming the field, never the key', async () => {
    // Act
    const response = await weakHarness.request('/imports/run', {
      method: 'POST',
      headers: { 'x-api-key': WEAK_KEY, 'content-type': 'application/json' },
      body: '{"contactListId":1,"importJobId":2}',
    });

    // Assert
    const text = await response.text();
    expect(response.status).toBe(500);
    expect(text).toContain('inbound.apiKeys[0] must be at least 16 characters');
    expect(text).not.toContain(WEAK_KEY);
    expect(weakHarness.sandbox.requestCount).toBe(0);
  });
});
