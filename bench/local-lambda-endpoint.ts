import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A Lambda Invoke endpoint on loopback that queues every asynchronous invocation, as Lambda does. */
interface LocalLambdaEndpoint {
  /** For `AWS_ENDPOINT_URL_LAMBDA`. */
  readonly url: string;
  /** Invocations received so far. */
  readonly invocations: number;
  close(): Promise<void>;
}

/**
 * Answers every `Invoke` with 202 and an empty body (Lambda's answer to an `Event` invocation that
 * it queued), reading the payload first, so that the async path's accept is timed with its start
 * call going over a real HTTP connection, as it does deployed.
 */
const startLocalLambdaEndpoint = async (): Promise<LocalLambdaEndpoint> => {
  let invocations = 0;
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      invocations += 1;
      response.writeHead(202, { 'content-type': 'application/json', 'x-amzn-requestid': `bench-${invocations}` }).end();
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get invocations() {
      return invocations;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
};

export { type LocalLambdaEndpoint, startLocalLambdaEndpoint };
