import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalAdapter } from './support/local-adapter.mjs';
import { TEST_API_KEYS } from './support/test-secrets.mjs';
import { App, appTester, zapierErrorOf } from './support/zapier-app.mjs';

const ZAPIER_KEY = TEST_API_KEYS.zapier;
const PLAIN_KEY = TEST_API_KEYS.plain;
const SCOPE = [{ contactListId: 1 }];

/** A loopback port that nothing listens on: bound, then released. */
const aClosedPort = async () => {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
};

const testConnection = (authData) => appTester(App.authentication.test, { authData });

describe('connecting an adapter account', () => {
  let adapter;

  beforeAll(async () => {
    adapter = await startLocalAdapter({
      inbound: { apiKeys: [PLAIN_KEY, { key: ZAPIER_KEY, name: 'zapier', scope: SCOPE }] },
    });
  });

  afterAll(async () => {
    await adapter.close();
  });

  it('passes with a named key and labels the connection with its principal', async () => {
    // Act
    const me = await testConnection({ baseUrl: adapter.url, apiKey: ZAPIER_KEY });
    const label = await appTester(App.authentication.connectionLabel, { authData: {}, inputData: me });

    // Assert
    expect(me).toEqual({ principal: 'zapier', scheme: 'api-key', scope: SCOPE });
    expect(label).toBe('zapier');
    expect(adapter.sandbox.requestCount).toBe(0);
  });

  it('labels an unnamed key by its scheme', async () => {
    // Act
    const me = await testConnection({ baseUrl: `${adapter.url}/`, apiKey: PLAIN_KEY });

    // Assert
    expect(await appTester(App.authentication.connectionLabel, { authData: {}, inputData: me })).toBe('api-key');
  });

  it('refuses a wrong key as expired credentials that need a reconnect', async () => {
    // Act
    const error = await zapierErrorOf(testConnection({ baseUrl: adapter.url, apiKey: TEST_API_KEYS.wrong }));

    // Assert
    expect(error.name).toBe('ExpiredAuthError');
    expect(error.message).toMatch(/refused the API key .*Reconnect with a key listed in the adapter's secret/);
    expect(error.message).not.toContain(TEST_API_KEYS.wrong);
  });

  it('says a URL that answers 404 without the adapter’s problem details is not the adapter', async () => {
    // Act: the Which50 sandbox is a web server, but not the adapter
    const error = await zapierErrorOf(testConnection({ baseUrl: adapter.sandbox.baseUrl, apiKey: ZAPIER_KEY }));

    // Assert
    expect(error).toMatchObject({ name: 'AppError', code: 'NotTheAdapter', status: 404 });
    expect(error.message).toContain('does not look like the which50-import-webhook adapter');
  });

  it('says a URL that answers 200 with something else is not the adapter', async () => {
    // Arrange: a JSON service that answers every path
    const other = createHttpServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    await new Promise((resolve) => other.listen(0, '127.0.0.1', resolve));

    // Act
    const error = await zapierErrorOf(
      testConnection({ baseUrl: `http://127.0.0.1:${other.address().port}/v1`, apiKey: ZAPIER_KEY }),
    );
    await new Promise((resolve) => other.close(resolve));

    // Assert
    expect(error).toMatchObject({ name: 'AppError', code: 'NotTheAdapter', status: 200 });
    expect(error.message).toContain('not as the which50-import-webhook adapter does');
  });

  it('shows the adapter’s own 404 for a base URL with a path too deep', async () => {
    // Act
    const error = await zapierErrorOf(testConnection({ baseUrl: `${adapter.url}/v1`, apiKey: ZAPIER_KEY }));

    // Assert
    expect(error.name).toBe('HaltedError');
    expect(error.message).toMatch(/^Not found: .*\/v1\/me/);
  });

  it('says when nothing answers at the URL', async () => {
    // Arrange
    const port = await aClosedPort();

    // Act
    const error = await zapierErrorOf(testConnection({ baseUrl: `http://127.0.0.1:${port}/v1`, apiKey: ZAPIER_KEY }));

    // Assert
    expect(error).toMatchObject({ name: 'AppError', code: 'AdapterUnreachable' });
    expect(error.message).toContain(`http://127.0.0.1:${port}/v1/me could not be reached (ECONNREFUSED)`);
  });

  it.each([
    ['not a URL', 'abc.execute-api.eu-west-1.amazonaws.com/v1', 'is not a URL'],
    ['plain http across a network', 'http://abc.execute-api.eu-west-1.amazonaws.com/v1', 'must start with https://'],
    [
      'carrying user info',
      'https://user:pass@abc.execute-api.eu-west-1.amazonaws.com/v1',
      'must not carry a user name',
    ],
  ])('refuses an Adapter URL that is %s before sending anything', async (_case, baseUrl, reason) => {
    // Act
    const error = await zapierErrorOf(testConnection({ baseUrl, apiKey: ZAPIER_KEY }));

    // Assert
    expect(error).toMatchObject({ name: 'AppError', code: 'InvalidAdapterUrl', status: 400 });
    expect(error.message).toContain(reason);
  });
});

describe('connecting an adapter whose secret is broken', () => {
  let adapter;

  beforeAll(async () => {
    adapter = await startLocalAdapter({ inbound: { apiKeys: ['short-key'] } });
  });

  afterAll(async () => {
    await adapter.close();
  });

  it('shows the adapter’s detail naming the broken field', async () => {
    // Act
    const error = await zapierErrorOf(testConnection({ baseUrl: adapter.url, apiKey: 'short-key' }));

    // Assert
    expect(error).toMatchObject({ name: 'AppError', code: 'AdapterMisconfigured', status: 500 });
    expect(error.message).toMatch(/^The adapter is misconfigured: .*inbound\.apiKeys/);
  });
});
