import {
  createServer as createHttpServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer as createTcpServer, type Socket, type Server as TcpServer } from 'node:net';
import { setImmediate as turnOfTheEventLoop } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { AttemptFailed, type AttemptRequest, MAX_ANSWER_BYTES, sendAttempt } from '../../../lambda/which50/attempt';
import { type ConnectionPool, createConnectionPool } from '../../../lambda/which50/connection-pool';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** A local HTTP server that records what it received and keeps its sockets at hand. */
interface TestServer {
  readonly url: string;
  readonly received: IncomingHttpHeaders[];
  readonly sockets: Set<Socket>;
  close(): Promise<void>;
}

const listening = async <T extends Server | TcpServer>(server: T): Promise<number> => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
};

const openServers: { close(): Promise<void> }[] = [];
const openPools: ConnectionPool[] = [];

const startServer = async (handler: Handler = (_req, res) => res.end('{"Id":2}')): Promise<TestServer> => {
  const received: IncomingHttpHeaders[] = [];
  const sockets = new Set<Socket>();
  const server = createHttpServer((req, res) => {
    received.push(req.headers);
    handler(req, res);
  });
  server.on('connection', (socket: Socket) => sockets.add(socket));
  const port = await listening(server);
  const started = {
    url: `http://127.0.0.1:${port}/contactLists/1/import/2`,
    received,
    sockets,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  openServers.push(started);
  return started;
};

/** A TCP server that accepts connections and never says a word: a TLS handshake with it never ends. */
const startSilentServer = async (): Promise<string> => {
  const sockets = new Set<Socket>();
  const server = createTcpServer((socket) => sockets.add(socket));
  const port = await listening(server);
  openServers.push({
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  });
  return `https://127.0.0.1:${port}/`;
};

const aPool = (): ConnectionPool => {
  const pool = createConnectionPool();
  openPools.push(pool);
  return pool;
};

const aRequest = (url: string, overrides: Partial<AttemptRequest> = {}): AttemptRequest => ({
  method: 'POST',
  origin: new URL(url),
  path: new URL(url).pathname,
  headers: { accept: 'application/json', 'content-length': '0' },
  timeoutMs: 1_000,
  ...overrides,
});

/** The failure `sendAttempt` rejected with; anything else fails the test here. */
const failureOf = async (attempt: Promise<unknown>): Promise<AttemptFailed> => {
  const outcome = await attempt.then(
    () => new Error('expected the attempt to fail, and it answered'),
    (error: unknown) => error,
  );
  if (outcome instanceof AttemptFailed) return outcome;
  throw outcome;
};

afterEach(async () => {
  for (const pool of openPools.splice(0)) pool.close();
  await Promise.all(openServers.splice(0).map((server) => server.close()));
});

describe('sendAttempt', () => {
  it('reads the status, Content-Type, Retry-After and body of an answer', async () => {
    // Arrange
    const server = await startServer((_req, res) => {
      res.writeHead(429, { 'Content-Type': 'application/json', 'Retry-After': '7' });
      res.end('{"Message":"Slow down"}');
    });

    // Act
    const answer = await sendAttempt(aPool(), aRequest(server.url));

    // Assert
    expect(answer).toEqual({
      status: 429,
      contentType: 'application/json',
      retryAfter: '7',
      body: '{"Message":"Slow down"}',
    });
  });

  it('fails as unreachable when the connection is refused', async () => {
    // Arrange
    const server = await startServer();
    await server.close();

    // Act
    const failure = await failureOf(sendAttempt(aPool(), aRequest(server.url)));

    // Assert
    expect(failure.failure).toBe('unreachable');
    expect(failure.code).toBe('ECONNREFUSED');
  });

  it('fails as unreachable when the timeout passes before the request could be written', async () => {
    // Arrange
    const url = await startSilentServer();

    // Act
    const failure = await failureOf(sendAttempt(aPool(), aRequest(url, { timeoutMs: 100 })));

    // Assert
    expect(failure.failure).toBe('unreachable');
  });

  it('fails as unusable, naming the code, when TLS cannot be spoken with the host', async () => {
    // Arrange
    const server = await startServer();

    // Act
    const failure = await failureOf(sendAttempt(aPool(), aRequest(server.url.replace('http:', 'https:'))));

    // Assert
    expect(failure.failure).toBe('unusable');
    expect(failure.code).toEqual(expect.any(String));
  });

  it('fails as timed out when the request went out and no answer came in time', async () => {
    // Arrange
    const server = await startServer(() => undefined);

    // Act
    const started = performance.now();
    const failure = await failureOf(sendAttempt(aPool(), aRequest(server.url, { timeoutMs: 150 })));

    // Assert
    expect(failure.failure).toBe('timed-out');
    expect(server.received).toHaveLength(1);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('fails as reset when the server drops the connection after reading the request', async () => {
    // Arrange
    const server = await startServer((req) => req.socket.destroy());

    // Act
    const failure = await failureOf(sendAttempt(aPool(), aRequest(server.url)));

    // Assert
    expect(failure.failure).toBe('reset');
    expect(server.received).toHaveLength(1);
  });

  it('fails as reset when the connection breaks in the middle of the answer', async () => {
    // Arrange
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'Content-Length': '100' });
      res.write('{"Id":');
      setTimeout(() => res.socket?.destroy(), 10);
    });

    // Act
    const failure = await failureOf(sendAttempt(aPool(), aRequest(server.url)));

    // Assert
    expect(failure.failure).toBe('reset');
  });

  it('fails as stale when a kept-alive connection was closed by the server before the request was written', async () => {
    // Arrange
    const server = await startServer();
    const pool = aPool();
    await sendAttempt(pool, aRequest(server.url));
    await turnOfTheEventLoop();
    for (const socket of server.sockets) socket.resetAndDestroy();

    // Act: sent in the same turn of the event loop, before the client can notice the reset
    const failure = await failureOf(sendAttempt(pool, aRequest(server.url)));

    // Assert
    expect(failure.failure).toBe('stale');
    expect(server.received).toHaveLength(1);
  });

  it('reuses a kept-alive connection for the next request', async () => {
    // Arrange
    const server = await startServer();
    const pool = aPool();

    // Act
    await sendAttempt(pool, aRequest(server.url));
    await sendAttempt(pool, aRequest(server.url));

    // Assert
    expect(server.sockets.size).toBe(1);
    expect(server.received).toHaveLength(2);
  });

  it('refuses an answer whose Content-Length exceeds the cap before reading it', async () => {
    // Arrange
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'Content-Length': String(MAX_ANSWER_BYTES + 1) });
      res.write('{');
    });

    // Act
    const failure = await failureOf(sendAttempt(aPool(), aRequest(server.url)));

    // Assert
    expect(failure.failure).toBe('too-large');
  });

  it('refuses a chunked answer as soon as it grows past the cap', async () => {
    // Arrange
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write(Buffer.alloc(MAX_ANSWER_BYTES + 1, 0x20));
    });

    // Act
    const failure = await failureOf(sendAttempt(aPool(), aRequest(server.url)));

    // Assert
    expect(failure.failure).toBe('too-large');
  });

  it('reads a chunked answer of exactly the cap', async () => {
    // Arrange
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(Buffer.alloc(MAX_ANSWER_BYTES, 0x20));
    });

    // Act
    const answer = await sendAttempt(aPool(), aRequest(server.url));

    // Assert
    expect(answer.body).toHaveLength(MAX_ANSWER_BYTES);
  });
});
