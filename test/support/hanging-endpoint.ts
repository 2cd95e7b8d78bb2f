import type { AddressInfo } from 'node:net';
import { createServer, type Server, type Socket } from 'node:net';

/** A TCP server on loopback that accepts every connection and never answers a byte: an AWS endpoint that hangs. */
interface HangingEndpoint {
  readonly url: string;
  /** HTTP requests received (each attempt of an SDK client is one). */
  readonly requests: number;
  close(): Promise<void>;
}

const startHangingEndpoint = async (): Promise<HangingEndpoint> => {
  const sockets = new Set<Socket>();
  let requests = 0;
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('data', (chunk: Buffer) => {
      if (/^POST /.test(chunk.toString('latin1'))) requests += 1;
    });
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get requests() {
      return requests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
};

/** A port on which nothing listens: a server's, just closed. */
const closedPort = async (): Promise<number> => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
};

export { closedPort, type HangingEndpoint, startHangingEndpoint };
