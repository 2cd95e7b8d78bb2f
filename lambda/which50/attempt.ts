import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { ConnectionPool } from './connection-pool';

/** Answers larger than this are refused without being buffered whole: no ImportJob is that big. */
const MAX_ANSWER_BYTES = 1024 * 1024;

/** One request to Which50, sent once. */
interface AttemptRequest {
  readonly method: 'GET' | 'POST';
  /** The server, as the secret's base URL names it (already parsed once, when the secret was read). */
  readonly origin: URL;
  /** Path and query, e.g. `/Which50API/contactLists/1/import/2/run`. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
}

/** An answer Which50 gave, read whole (under the size cap) before the attempt's timer ran out. */
interface UpstreamAnswer {
  readonly status: number;
  readonly contentType: string | undefined;
  readonly retryAfter: string | null;
  readonly body: string;
}

/**
 * Why an attempt produced no answer, in the terms that decide whether it may be sent again:
 * - `unreachable`: no byte of the request reached Which50 (connection refused, unreachable
 *   network, a connection that failed before the request was written, a connect that timed out);
 * - `stale`: a kept-alive connection was found closed before the request was written;
 * - `unusable`: the host name is unknown or TLS verification failed: configuration, not weather;
 * - `timed-out`: the request went out and no complete answer came in time: its fate is unknown;
 * - `reset`: the request went out and the connection broke before a complete answer;
 * - `too-large`: the answer exceeded {@link MAX_ANSWER_BYTES}.
 */
type AttemptFailure = 'unreachable' | 'stale' | 'unusable' | 'timed-out' | 'reset' | 'too-large';

class AttemptFailed extends Error {
  constructor(
    readonly failure: AttemptFailure,
    /** The system error code (`ECONNREFUSED`, `CERT_HAS_EXPIRED`), which names no secret. */
    readonly code: string | undefined,
  ) {
    super(code === undefined ? failure : `${failure} (${code})`);
    this.name = 'AttemptFailed';
  }
}

/** Errors that say the network, not the configuration, kept the request from reaching Which50. */
const TRANSIENT_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'EAI_AGAIN',
]);

/** How far the exchange got when it failed. */
interface Progress {
  /** The whole request was handed to the operating system ('finish'): Which50 may have acted on it. */
  sent: boolean;
  timedOut: boolean;
}

const codeOf = (error: unknown): string | undefined => {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
};

const classify = (error: unknown, progress: Progress, reusedSocket: boolean): AttemptFailure => {
  if (progress.sent) return progress.timedOut ? 'timed-out' : 'reset';
  if (progress.timedOut) return 'unreachable';
  if (!TRANSIENT_CODES.has(codeOf(error) ?? '')) return 'unusable';
  return reusedSocket ? 'stale' : 'unreachable';
};

const declaredLength = (response: IncomingMessage): number => Number(response.headers['content-length'] ?? 0);

const headerValue = (value: string | string[] | undefined): string | undefined =>
  Array.isArray(value) ? value.join(', ') : value;

/** The host to connect to: an IPv6 address without the brackets a URL writes around it. */
const hostnameOf = (origin: URL): string =>
  origin.hostname.startsWith('[') ? origin.hostname.slice(1, -1) : origin.hostname;

/** The answer's body as text, from the chunks read so far. */
const bodyOf = (chunks: readonly Buffer[]): string =>
  (chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)).toString('utf8');

/**
 * Sends one request over the pool's kept-alive connections and reads the answer whole, within
 * `timeoutMs` for the entire exchange. It never sends twice: it reports why it failed, and whether
 * the request had been written, for the caller to decide. An answer past the size cap is refused
 * as soon as its Content-Length says so, or as soon as that many bytes have come.
 */
const sendAttempt = (
  pool: ConnectionPool,
  { method, origin, path, headers, timeoutMs }: AttemptRequest,
): Promise<UpstreamAnswer> =>
  new Promise((resolve, reject) => {
    const send = origin.protocol === 'https:' ? httpsRequest : httpRequest;
    const request = send({
      method,
      protocol: origin.protocol,
      hostname: hostnameOf(origin),
      port: origin.port,
      path,
      headers,
      agent: pool.agentFor(origin.protocol),
    });
    const progress: Progress = { sent: false, timedOut: false };
    let settled = false;

    const settle = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outcome();
    };
    const fail = (error: unknown): void =>
      settle(() => reject(new AttemptFailed(classify(error, progress, request.reusedSocket), codeOf(error))));
    const refuse = (failure: AttemptFailure): void => {
      settle(() => reject(new AttemptFailed(failure, undefined)));
      request.destroy();
    };

    const timer = setTimeout(() => {
      progress.timedOut = true;
      fail(undefined);
      request.destroy();
    }, timeoutMs);

    const readAnswer = (response: IncomingMessage): void => {
      if (declaredLength(response) > MAX_ANSWER_BYTES) return refuse('too-large');
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.byteLength;
        if (size > MAX_ANSWER_BYTES) return refuse('too-large');
        chunks.push(chunk);
      });
      response.on('end', () =>
        settle(() =>
          resolve({
            status: response.statusCode ?? 0,
            contentType: headerValue(response.headers['content-type']),
            retryAfter: headerValue(response.headers['retry-after']) ?? null,
            body: bodyOf(chunks),
          }),
        ),
      );
      response.on('error', fail);
      response.on('close', () => {
        if (!settled) fail(new Error('The answer was cut off.'));
      });
    };

    request.on('finish', () => {
      progress.sent = true;
    });
    request.on('error', fail);
    request.on('response', readAnswer);
    request.end();
  });

export { AttemptFailed, type AttemptFailure, type AttemptRequest, MAX_ANSWER_BYTES, sendAttempt, type UpstreamAnswer };
