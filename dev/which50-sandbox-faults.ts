/**
 * Ready-made misbehaviours for the Which50 sandbox's `intercept` hooks, so a test can make the
 * upstream fail in the ways a network and an ASP.NET server really do, in one line.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SandboxHook, Which50Sandbox } from './which50-sandbox';

/**
 * A hook the sandbox consults before serving a request. It answers (or breaks) the request itself
 * and returns true, or returns false to let the sandbox serve it normally. It may be async.
 */
type SandboxResponder = (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;

type ResponseBody = string | Buffer | Record<string, unknown> | unknown[];

const isRaw = (body: ResponseBody): body is string | Buffer => typeof body === 'string' || Buffer.isBuffer(body);

/**
 * Answers with any status, body and headers. An object or array body is sent as JSON (the
 * upstream's `application/json; charset=utf-8`); a string or Buffer is sent as given, with the
 * `Content-Type` from `headers` if any. Example: `respondWith(429, { Message: 'Slow down' },
 * { 'Retry-After': '2' })`.
 */
const respondWith =
  (status: number, body: ResponseBody = '', headers: Record<string, string> = {}): SandboxResponder =>
  (_req, res) => {
    const payload = isRaw(body) ? body : JSON.stringify(body);
    const defaultType = isRaw(body) ? {} : { 'Content-Type': 'application/json; charset=utf-8' };
    res.writeHead(status, { ...defaultType, ...headers, 'Content-Length': Buffer.byteLength(payload) });
    res.end(payload);
    return true;
  };

/** Accepts the request and never answers: the client's timeout is the only way out. */
const hangBeforeHeaders = (): SandboxResponder => () => true;

/**
 * Sends 200 headers announcing a longer body than it sends, writes `prefix`, then stalls: the
 * case of an answer cut off while being read.
 */
const hangMidBody =
  (prefix = '{"Id":2,"ContactListId":1,'): SandboxResponder =>
  (_req, res) => {
    res.writeHead(200, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(prefix) + 1024,
    });
    res.write(prefix);
    return true;
  };

/** Drops the TCP connection without a byte of answer, as a crashed proxy or server would. */
const destroySocket = (): SandboxResponder => (req) => {
  req.socket.destroy();
  return true;
};

/**
 * Waits, then lets the sandbox serve the request normally: a slow but healthy upstream. The wait
 * does not keep the process alive on its own, so a closed sandbox never delays a test run's exit.
 */
const delayThenServe =
  (milliseconds: number): SandboxResponder =>
  async () => {
    await sleep(milliseconds, undefined, { ref: false });
    return false;
  };

/**
 * Starts the run the request asks for, then answers with `responder` instead of the job: an
 * upstream that ran the import and then failed to say so (a 500 from a proxy, a hang, a dropped
 * connection). The job's start date shows the run, as Which50's would.
 */
const startRunThen =
  (sandbox: Pick<Which50Sandbox, 'startRun'>, responder: SandboxResponder): SandboxHook =>
  (req, res, request) => {
    sandbox.startRun(request);
    return responder(req, res);
  };

export type { ResponseBody, SandboxResponder };
export { delayThenServe, destroySocket, hangBeforeHeaders, hangMidBody, respondWith, startRunThen };
