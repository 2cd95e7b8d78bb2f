import { lookup as dnsLookup } from 'node:dns/promises';
import { request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { addressRefusal } from './address-policy';
import type { CallbackAttempt, DeliverCallback } from './callback-delivery';
import { type CallbackPolicy, callbackUrlRefusal } from './callback-url';

/** One address a host name resolved to. */
interface ResolvedAddress {
  readonly address: string;
  readonly family: 4 | 6;
}

/** Resolves a host name to every address it has. */
type Resolve = (hostname: string) => Promise<readonly ResolvedAddress[]>;

interface CallbackDelivererOptions {
  /** The `whsec_` key of the secret's `outbound` part. */
  readonly signingSecret: string;
  readonly policy: CallbackPolicy;
  /** The whole attempt, from resolution to the receiver's status; 10 s unless told. */
  readonly timeoutMs?: number;
  /** Host name resolution; the system resolver (`getaddrinfo`, every address) unless a test gives one. */
  readonly resolve?: Resolve;
}

const DEFAULT_TIMEOUT_MS = 10_000;
/** How much of a receiver's answer is read before the connection is dropped: only its status matters. */
const MAX_DRAINED_BYTES = 16 * 1_024;

const systemResolve: Resolve = async (hostname) =>
  (await dnsLookup(hostname, { all: true, verbatim: true })).map(({ address, family }) => ({
    address,
    family: family === 6 ? 6 : 4,
  }));

/** A `lookup` that answers the addresses already checked, so the connection cannot be rebound by a second resolution. */
const pinnedLookup =
  (addresses: readonly ResolvedAddress[]): LookupFunction =>
  (_hostname, options, callback) => {
    const [first] = addresses;
    if (options.all === true) {
      callback(
        null,
        addresses.map(({ address, family }) => ({ address, family })),
      );
    } else if (first !== undefined) {
      callback(null, first.address, first.family);
    }
  };

/** The addresses to connect to: an IP literal as it stands, a name as it resolves. */
const addressesOf = async (hostname: string, resolve: Resolve): Promise<readonly ResolvedAddress[]> => {
  if (hostname.startsWith('[')) return [{ address: hostname.slice(1, -1), family: 6 }];
  if (/^[\d.]+$/.test(hostname)) return [{ address: hostname, family: 4 }];
  return resolve(hostname);
};

const attemptOf = (status: number): CallbackAttempt => {
  if (status === 410) return { outcome: 'gone', status };
  if (status >= 200 && status < 300) return { outcome: 'delivered', status };
  return { outcome: 'retry', status, reason: `The receiver answered ${status}.` };
};

/** Reads and drops a small part of the answer, then lets the connection go. */
const drain = (response: IncomingMessage): void => {
  let read = 0;
  response.on('data', (chunk: Buffer) => {
    read += chunk.byteLength;
    if (read > MAX_DRAINED_BYTES) response.destroy();
  });
  response.on('error', () => undefined);
};

/** POSTs once to the pinned addresses and comes to the attempt the status says, or to a retry without one. */
const post = (
  url: URL,
  addresses: readonly ResolvedAddress[],
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
): Promise<CallbackAttempt> =>
  new Promise((settle) => {
    const options: RequestOptions = {
      method: 'POST',
      hostname: url.hostname.replace(/^\[|\]$/g, ''),
      port: url.port === '' ? undefined : Number(url.port),
      path: `${url.pathname}${url.search}`,
      headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      lookup: pinnedLookup(addresses),
      agent: false,
    };
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const request = send(options, (response) => {
      clearTimeout(timer);
      drain(response);
      settle(attemptOf(response.statusCode ?? 0));
    });
    const timer = setTimeout(() => {
      request.destroy();
      settle({ outcome: 'retry', status: null, reason: `The receiver did not answer within ${timeoutMs} ms.` });
    }, timeoutMs);
    request.on('error', () => {
      clearTimeout(timer);
      settle({ outcome: 'retry', status: null, reason: 'The receiver could not be reached.' });
    });
    request.end(body);
  });

/**
 * The signed single-attempt callback sender. Each attempt checks the URL by the policy, resolves
 * its host once to every address it has and refuses (`forbidden`, nothing sent) when any of them is
 * one the policy forbids, then connects only to those checked addresses, so a name that answers a
 * public address to the check and a private one to the connection (DNS rebinding) gets nowhere.
 * `Host` and TLS SNI stay the host name, so certificates are checked against it. Redirects are not
 * followed (a 3xx is a status like any other). The body is signed the Standard Webhooks way with
 * the secret's key; nothing it returns ever holds the key, the body or the URL's query.
 */
const createCallbackDeliverer = (options: CallbackDelivererOptions): DeliverCallback => {
  const webhook = new Webhook(options.signingSecret);
  const resolve = options.resolve ?? systemResolve;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return async ({ url, webhookId, body }) => {
    const refusal = callbackUrlRefusal(url, options.policy);
    if (refusal !== undefined) return { outcome: 'forbidden', reason: `The callback URL ${refusal}.` };
    const target = new URL(url);
    let addresses: readonly ResolvedAddress[];
    try {
      addresses = await addressesOf(target.hostname, resolve);
    } catch {
      return { outcome: 'retry', status: null, reason: 'The callback host did not resolve.' };
    }
    if (addresses.length === 0) return { outcome: 'retry', status: null, reason: 'The callback host did not resolve.' };
    const allowLoopback = options.policy.allowHttp;
    const forbidden = addresses.map(({ address }) => addressRefusal(address, { allowLoopback })).find(Boolean);
    if (forbidden !== undefined) {
      return { outcome: 'forbidden', reason: `The callback host resolves to ${forbidden}.` };
    }
    const at = new Date();
    const headers = {
      'content-type': 'application/json',
      'webhook-id': webhookId,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1_000)),
      'webhook-signature': webhook.sign(webhookId, at, body),
    };
    return post(target, addresses, headers, body, timeoutMs);
  };
};

export { type CallbackDelivererOptions, createCallbackDeliverer, type ResolvedAddress };
