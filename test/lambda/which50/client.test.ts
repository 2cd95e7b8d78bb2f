import type { Socket } from 'node:net';
import { setImmediate as turnOfTheEventLoop } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startWhich50Sandbox, type Which50Sandbox } from '../../../dev/which50-sandbox';
import { respondWith } from '../../../dev/which50-sandbox-faults';
import type { AdapterSecret } from '../../../lambda/secrets/adapter-secret';
import type { SecretSource } from '../../../lambda/secrets/secret-source';
import { type AttemptReport, createWhich50Client, type Which50Client } from '../../../lambda/which50/client';
import { IDLE_LIMIT_MS } from '../../../lambda/which50/connection-pool';
import { anAdapterSecret, aRunCommand } from '../../support/factories';

const REF = { contactListId: 1, importJobId: 2 };
const SANDBOX_TOKEN = 'client-test-upstream-token';

describe('the Which50 client', () => {
  let sandbox: Which50Sandbox;
  let secret: AdapterSecret;
  let loadSecret: ReturnType<typeof vi.fn<SecretSource>>;
  let client: Which50Client;

  const aDeadline = (): number => Date.now() + 1_500;

  /** Captures the server's side of the connection the next request arrives on, and lets the sandbox serve it. */
  const serverSideOfNextRequest = (): (() => Socket | undefined) => {
    let socket: Socket | undefined;
    sandbox.interceptOnce((req) => {
      socket = req.socket;
      return false;
    });
    return () => socket;
  };

  beforeAll(async () => {
    sandbox = await startWhich50Sandbox({ auth: { scheme: 'bearer', token: SANDBOX_TOKEN } });
  });
  afterAll(() => sandbox.close());
  beforeEach(() => {
    sandbox.reset();
    secret = anAdapterSecret({
      which50: { baseUrl: new URL(sandbox.baseUrl), auth: { scheme: 'bearer', token: SANDBOX_TOKEN } },
    });
    loadSecret = vi.fn<SecretSource>(async () => secret);
    client = createWhich50Client({
      loadSecret,
      attemptTimeoutMs: 300,
      circuitBreaker: { threshold: 5, openMs: 30_000 },
    });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sends the run as a bodiless POST asking for JSON, with the configured credential', async () => {
    // Act
    await client.runImport(aRunCommand(), aDeadline());

    // Assert
    const [run] = sandbox.runRequests();
    expect(run?.method).toBe('POST');
    expect(run?.headers).toMatchObject({
      accept: 'application/json',
      'content-length': '0',
      authorization: `Bearer ${SANDBOX_TOKEN}`,
      'user-agent': 'which50-import-webhook',
    });
  });

  it('reloads the secret, bypassing its cache, once after a 401', async () => {
    // Arrange
    const rotated = { scheme: 'bearer' as const, token: 'rotated-token-client-test' };
    sandbox.setAuth(rotated);
    loadSecret.mockImplementation(async (options) =>
      options?.fresh ? anAdapterSecret({ which50: { baseUrl: new URL(sandbox.baseUrl), auth: rotated } }) : secret,
    );

    // Act
    const job = await client.runImport(aRunCommand(), aDeadline());

    // Assert
    expect(job.currentStatus).toBe('Finished');
    expect(loadSecret.mock.calls.filter(([options]) => options?.fresh === true)).toHaveLength(1);
    expect(sandbox.runRequests()).toHaveLength(2);
  });

  it('resends a run once, on a new connection, when the kept-alive one was found closed before the request was written', async () => {
    // Arrange
    const serverSide = serverSideOfNextRequest();
    await client.readImportJob(REF, aDeadline());
    await turnOfTheEventLoop();
    sandbox.reset();
    serverSide()?.resetAndDestroy();

    // Act: in the same turn of the event loop, before the client can notice the reset
    const job = await client.runImport(aRunCommand(), aDeadline());

    // Assert
    expect(job.currentStatus).toBe('Finished');
    expect(sandbox.runRequests()).toHaveLength(1);
    expect(sandbox.getImportJob(1, 2)?.customEventRuns).toHaveLength(1);
    expect(sandbox.connections).toBe(1);
  });

  it('counts the resend after a connection found closed in the budget: a stale attempt and two 429s, then 503', async () => {
    // Arrange
    const serverSide = serverSideOfNextRequest();
    await client.readImportJob(REF, aDeadline());
    await turnOfTheEventLoop();
    sandbox.reset();
    sandbox.intercept(respondWith(429, { Message: 'Slow down' }));
    serverSide()?.resetAndDestroy();
    const attempts: AttemptReport[] = [];

    // Act: in the same turn of the event loop, before the client can notice the reset
    const failure = await client
      .runImport(aRunCommand(), aDeadline(), { attempted: (report) => attempts.push(report) })
      .catch((error: unknown) => error);

    // Assert
    expect(failure).toMatchObject({ status: 503, title: 'Upstream unavailable' });
    expect(attempts.map(({ status, failure: why }) => status ?? why)).toEqual(['stale', 429, 429]);
    expect(sandbox.runRequests()).toHaveLength(2);
  });

  it('reuses a connection that idled less than the limit', async () => {
    // Arrange
    await client.readImportJob(REF, aDeadline());
    await turnOfTheEventLoop();
    sandbox.reset();

    // Act
    await client.readImportJob(REF, aDeadline());

    // Assert
    expect(sandbox.connections).toBe(0);
  });

  it('replaces a connection that idled past the limit by the wall clock, as after a frozen Lambda thaws', async () => {
    // Arrange
    await client.readImportJob(REF, aDeadline());
    await turnOfTheEventLoop();
    sandbox.reset();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + IDLE_LIMIT_MS);

    // Act
    await client.readImportJob(REF, aDeadline());

    // Assert
    expect(sandbox.connections).toBe(1);
  });
});
