import { createServer, Agent as HttpAgent, type Server } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { AddressInfo } from 'node:net';
import { setImmediate as turnOfTheEventLoop } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sendAttempt } from '../../../lambda/which50/attempt';
import { type ConnectionPool, createConnectionPool, IDLE_LIMIT_MS } from '../../../lambda/which50/connection-pool';

describe('createConnectionPool', () => {
  let server: Server;
  let url: string;
  let connections: number;
  let pool: ConnectionPool;

  /** One exchange, then a turn of the event loop so that its connection is back in the pool. */
  const exchange = async (): Promise<void> => {
    await sendAttempt(pool, { method: 'GET', origin: new URL(url), path: '/', headers: {}, timeoutMs: 1_000 });
    await turnOfTheEventLoop();
  };

  beforeAll(async () => {
    server = createServer((_req, res) => res.end('{}'));
    server.on('connection', () => {
      connections += 1;
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  beforeEach(() => {
    connections = 0;
    pool = createConnectionPool();
  });
  afterEach(() => pool.close());

  it('gives a keep-alive agent per scheme', () => {
    // Act
    const http = pool.agentFor('http:');
    const https = pool.agentFor('https:');

    // Assert
    expect(http).toBeInstanceOf(HttpAgent);
    expect(https).toBeInstanceOf(HttpsAgent);
    expect(http).not.toBe(https);
    expect((http as HttpAgent & { keepAlive: boolean }).keepAlive).toBe(true);
  });

  it('keeps a connection that idled less than the limit', async () => {
    // Arrange
    await exchange();

    // Act
    pool.dropExpired(Date.now() + IDLE_LIMIT_MS - 1_000);
    await exchange();

    // Assert
    expect(connections).toBe(1);
  });

  it('closes a connection that idled for the limit or longer', async () => {
    // Arrange
    await exchange();

    // Act
    pool.dropExpired(Date.now() + IDLE_LIMIT_MS);
    await exchange();

    // Assert
    expect(connections).toBe(2);
  });

  it('honours a shorter idle limit when given one', async () => {
    // Arrange
    pool.close();
    pool = createConnectionPool(50);
    await exchange();

    // Act
    pool.dropExpired(Date.now() + 50);
    await exchange();

    // Assert
    expect(connections).toBe(2);
  });

  it('closes every idle connection on demand', async () => {
    // Arrange
    await exchange();

    // Act
    pool.dropIdle();
    await exchange();

    // Assert
    expect(connections).toBe(2);
  });
});
