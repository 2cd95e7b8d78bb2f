import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One callback as the receiver got it: its headers and its body's text, exactly as sent. */
interface ReceivedCallback {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** The status it was answered with; `hang` when it was never answered. */
  readonly answeredWith: number | 'hang';
}

/** What the receiver does with a delivery: answer this status, or hold it open without answering. */
type ReceiverAnswer = number | 'hang';

interface CallbackReceiver {
  /** `http://127.0.0.1:<port>/hooks/...`: where to send callbacks. */
  readonly url: string;
  /** Every delivery so far, in arrival order. */
  readonly deliveries: readonly ReceivedCallback[];
  /** The answers for the next deliveries, in order; once they are used up, each delivery gets 200. */
  script(...answers: ReceiverAnswer[]): void;
  /** Forgets the deliveries and the script. */
  reset(): void;
  /** Stops listening and drops every connection, held ones included. */
  close(): Promise<void>;
}

/**
 * A real HTTP receiver on loopback, for the callback tests: it records each delivery (headers and
 * raw body, so a test can verify the signature over the exact bytes) and answers as scripted,
 * 200 by default, or hangs (so the sender's timeout is what ends the attempt).
 */
const startCallbackReceiver = async (path = '/hooks/run-finished'): Promise<CallbackReceiver> => {
  const deliveries: ReceivedCallback[] = [];
  let script: ReceiverAnswer[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const answer = script.shift() ?? 200;
      deliveries.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), answeredWith: answer });
      if (answer === 'hang') return;
      res.writeHead(answer, { 'content-type': 'text/plain' }).end(answer < 300 ? 'ok' : 'no');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    deliveries,
    script: (...answers) => {
      script = answers;
    },
    reset: () => {
      deliveries.length = 0;
      script = [];
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
};

export { type CallbackReceiver, type ReceivedCallback, type ReceiverAnswer, startCallbackReceiver };
