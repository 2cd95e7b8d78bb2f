/**
 * A local stand-in for the Which50 API's four import endpoints, faithful to what an ASP.NET Web
 * API server does (routing, credentials, content negotiation, error bodies), with a request log,
 * a connection counter and fault hooks. Tests, `npm start` and the benchmark all use this one.
 */

import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Contact, SandboxJobSeed, SandboxJobState } from './which50-sandbox-jobs';
import { ImportJobStore } from './which50-sandbox-jobs';
import type { ImportJob, WireFormat } from './which50-sandbox-wire';
import { contentTypeOf, negotiateFormat, renderError, renderImportJob } from './which50-sandbox-wire';

/** The upstream credential, in the shape of the secret's `which50.auth`. */
type UpstreamAuth =
  | { scheme: 'bearer'; token: string }
  | { scheme: 'basic'; username: string; password: string }
  | { scheme: 'header'; name: string; value: string };

/** Which of the four import endpoints a request reached; `unrouted` when none matched. */
type SandboxEndpoint = 'createJob' | 'addContacts' | 'run' | 'status' | 'unrouted';

/** One request as the sandbox received it. `status` is set once an answer has been sent. */
interface SandboxRequest {
  method: string;
  /** The path as sent, without the query string. */
  path: string;
  /** The raw query string, without `?` ('' when none). */
  query: string;
  headers: IncomingHttpHeaders;
  endpoint: SandboxEndpoint;
  contactListId?: number;
  importJobId?: number;
  /** Run requests only: the `customevents` names, split on commas and decoded; absent without the parameter. */
  customEvents?: string[];
  /** The body, parsed as JSON where possible, else as text; absent when empty. */
  body?: unknown;
  status?: number;
}

/** A fault hook: answers (or breaks) the request and returns true, or returns false to pass. */
type SandboxHook = (req: IncomingMessage, res: ServerResponse, request: SandboxRequest) => boolean | Promise<boolean>;

interface Which50SandboxOptions {
  /** Default 0: an ephemeral port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default `/Which50API`, as under `https://app.which50.com/Which50API`. */
  basePath?: string;
  /** Default {@link DEFAULT_SANDBOX_AUTH}. */
  auth?: UpstreamAuth;
  /** Jobs to start with; default one demo job (list 1, job 2, three contacts). */
  jobs?: SandboxJobSeed[];
  /** The newest requests kept in `requests` (default 10,000); `requestCount` counts them all. */
  maxLoggedRequests?: number;
  /**
   * How long a run takes (default 0: the run's answer is the finished job). Longer, the run answers
   * the job running at 0 %, and status reads show it progress and then finish (`ProgressPercent`
   * 100, `FinishDate` set) this long after the run: what an async run that follows the job needs.
   */
  finishAfterMs?: number;
  /**
   * The sandbox's clock for runs and their progress (default `Date.now`): a test that skips the
   * waits of a durable run gives it a clock that adds them up.
   */
  now?: () => number;
}

interface Which50Sandbox {
  /** E.g. `http://127.0.0.1:41234/Which50API`, the secret's `which50.baseUrl`. */
  readonly baseUrl: string;
  readonly port: number;
  /** The credential accepted now. */
  readonly auth: UpstreamAuth;
  readonly requests: readonly SandboxRequest[];
  readonly requestCount: number;
  /** TCP connections accepted since start or the last `reset()`. */
  readonly connections: number;
  /** Requests received and not yet answered (or dropped) right now. */
  readonly inFlight: number;
  /** The most requests in flight at once since start or the last `reset()`. */
  readonly maxInFlight: number;
  /** Run requests received, optionally only those for one list and job. */
  runRequests(contactListId?: number, importJobId?: number): SandboxRequest[];
  /** Consults `hook` before every request until the returned function removes it. */
  intercept(hook: SandboxHook): () => void;
  /** Consults `hook` for the next request to `endpoint` (any endpoint by default), once. */
  interceptOnce(hook: SandboxHook, endpoint?: SandboxEndpoint): void;
  /** Rotates the credential: the previous one gets 401 from now on. */
  setAuth(auth: UpstreamAuth): void;
  addContactList(contactListId: number): void;
  addImportJob(contactListId: number, seed?: Omit<SandboxJobSeed, 'contactListId'>): JobRef;
  /**
   * Runs the job a logged run request names, as serving it would, without answering it: what a
   * hook calls to play an upstream that started the run and then failed (a 500, a hang, a reset).
   * Does nothing for a request naming no existing job.
   */
  startRun(request: SandboxRequest): void;
  /** A copy of the job's state, or undefined when that list has no such job. */
  getImportJob(contactListId: number, importJobId: number): SandboxJobState | undefined;
  /** Back to the starting jobs and credential; empties the log, hooks and counters. */
  reset(): void;
  /** Stops listening and drops every connection, idle keep-alive ones included. */
  close(): Promise<void>;
}

interface JobRef {
  contactListId: number;
  importJobId: number;
}

const DEFAULT_SANDBOX_AUTH: UpstreamAuth = { scheme: 'bearer', token: 'sandbox-demo-token' };
const DEMO_CONTACT_LIST_ID = 1;
const DEMO_IMPORT_JOB_ID = 2;
const MAX_CONTACTS_PER_REQUEST = 10_000;
const MAX_BODY_BYTES = 30_000_000;
const KEEP_ALIVE_TIMEOUT_MS = 65_000;
const DENIED = 'Authorization has been denied for this request.';

const demoJob = (): SandboxJobSeed => ({
  contactListId: DEMO_CONTACT_LIST_ID,
  importJobId: DEMO_IMPORT_JOB_ID,
  fieldNames: ['Email', 'FirstName'],
  contacts: [
    { Values: { Email: 'ada@example.com', FirstName: 'Ada' } },
    { Values: { Email: 'grace@example.com', FirstName: 'Grace' } },
    { Values: { Email: 'alan@example.com', FirstName: 'Alan' } },
  ],
});

type AuthorizationAuth = Exclude<UpstreamAuth, { scheme: 'header' }>;

/** What follows the scheme word in an `Authorization` header. */
const credentialOf = (auth: AuthorizationAuth): string =>
  auth.scheme === 'bearer' ? auth.token : Buffer.from(`${auth.username}:${auth.password}`).toString('base64');

/** The request headers that carry `auth`, as a client of the upstream sends them. */
const upstreamAuthHeaders = (auth: UpstreamAuth): Record<string, string> => {
  if (auth.scheme === 'header') return { [auth.name.toLowerCase()]: auth.value };
  const schemeWord = auth.scheme === 'bearer' ? 'Bearer' : 'Basic';
  return { authorization: `${schemeWord} ${credentialOf(auth)}` };
};

/** Bearer and Basic compare the scheme word case-insensitively (RFC 9110), the credential exactly. */
const isAuthorized = (headers: IncomingHttpHeaders, auth: UpstreamAuth): boolean => {
  if (auth.scheme === 'header') return headers[auth.name.toLowerCase()] === auth.value;
  const sent = /^\s*(\S+)\s+(.*?)\s*$/.exec(headers.authorization ?? '');
  return sent?.[1]?.toLowerCase() === auth.scheme && sent[2] === credentialOf(auth);
};

const challengeFor = (auth: UpstreamAuth): Record<string, string> => {
  if (auth.scheme === 'header') return {};
  return { 'WWW-Authenticate': auth.scheme === 'bearer' ? 'Bearer' : 'Basic realm="Which50API"' };
};

/** ASP.NET's `int` route constraint: an optional sign, digits, inside the Int32 range. */
const parseRouteInt = (segment: string | undefined): number | undefined => {
  if (segment === undefined || !/^[+-]?\d{1,10}$/.test(segment)) return undefined;
  const value = Number(segment);
  return value >= -2_147_483_648 && value <= 2_147_483_647 ? value : undefined;
};

interface Route {
  endpoint: Exclude<SandboxEndpoint, 'unrouted'>;
  allowed: string;
  contactListId: number;
  importJobId?: number;
}

/** The route a path names; the job's own path is `status` for GET and `addContacts` otherwise. */
const matchRoute = (segments: readonly string[], method: string): Route | undefined => {
  const [root, list, importWord, job, runWord, ...extra] = segments.map((segment) => segment.toLowerCase());
  const contactListId = parseRouteInt(list);
  if (root !== 'contactlists' || importWord !== 'import' || contactListId === undefined || extra.length > 0) {
    return undefined;
  }
  if (job === undefined) return { endpoint: 'createJob', allowed: 'POST', contactListId };
  const importJobId = parseRouteInt(job);
  if (importJobId === undefined) return undefined;
  if (runWord === undefined) {
    return { endpoint: method === 'GET' ? 'status' : 'addContacts', allowed: 'GET, POST', contactListId, importJobId };
  }
  return runWord === 'run' ? { endpoint: 'run', allowed: 'POST', contactListId, importJobId } : undefined;
};

/** A query key or value as ASP.NET decodes it: `+` is a space, `%XX` a byte; a broken escape stays as sent. */
const decodeQueryPart = (text: string): string => {
  if (!text.includes('%') && !text.includes('+')) return text;
  const spaced = text.replaceAll('+', ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
};

/**
 * The `customevents` names as the upstream reads them: the key matched case-insensitively (repeats
 * joined by commas, as Web API's value provider does), the value split on commas, each decoded.
 */
const parseCustomEvents = (query: string): string[] | undefined => {
  const values = query
    .split('&')
    .map((pair) => pair.split('='))
    .filter(([key = '']) => decodeQueryPart(key).toLowerCase() === 'customevents')
    .map(([, ...value]) => value.join('='));
  if (values.length === 0) return undefined;
  const joined = values.join(',');
  return joined === '' ? [] : joined.split(',').map(decodeQueryPart);
};

const parseBody = (raw: Buffer): unknown => {
  if (raw.length === 0) return undefined;
  const text = raw.toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
};

/** The whole body, or undefined past the size limit (read to the end anyway, so an answer can follow). */
const readBody = async (req: IncomingMessage): Promise<Buffer | undefined> => {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk as Buffer);
  }
  return size <= MAX_BODY_BYTES ? Buffer.concat(chunks) : undefined;
};

const isJsonContent = (headers: IncomingHttpHeaders): boolean =>
  /^(application|text)\/json\b/i.test(headers['content-type'] ?? '');

const isStringList = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'string');

const isContactList = (value: unknown): value is Contact[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'object' && item !== null && !Array.isArray(item));

class SandboxServer implements Which50Sandbox {
  readonly requests: SandboxRequest[] = [];
  requestCount = 0;
  connections = 0;
  inFlight = 0;
  maxInFlight = 0;
  auth: UpstreamAuth;
  private store = new ImportJobStore();
  private hooks: SandboxHook[] = [];
  private onceHooks: { hook: SandboxHook; endpoint: SandboxEndpoint | undefined }[] = [];

  constructor(
    private readonly server: Server,
    readonly baseUrl: string,
    readonly port: number,
    private readonly basePath: string,
    private readonly options: Which50SandboxOptions,
  ) {
    this.auth = options.auth ?? DEFAULT_SANDBOX_AUTH;
    this.reset();
    server.on('connection', () => {
      this.connections += 1;
    });
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      this.inFlight += 1;
      this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
      res.on('close', () => {
        this.inFlight -= 1;
      });
      this.handle(req, res).catch(() => {
        if (res.headersSent) return void req.socket.destroy();
        const format = 'application/json';
        this.send(res, 500, contentTypeOf(format), renderError('An error has occurred.', format));
      });
    });
  }

  runRequests(contactListId?: number, importJobId?: number): SandboxRequest[] {
    return this.requests.filter(
      (request) =>
        request.endpoint === 'run' &&
        (contactListId === undefined || request.contactListId === contactListId) &&
        (importJobId === undefined || request.importJobId === importJobId),
    );
  }

  intercept(hook: SandboxHook): () => void {
    this.hooks.push(hook);
    return () => {
      this.hooks = this.hooks.filter((registered) => registered !== hook);
    };
  }

  interceptOnce(hook: SandboxHook, endpoint?: SandboxEndpoint): void {
    this.onceHooks.push({ hook, endpoint });
  }

  setAuth(auth: UpstreamAuth): void {
    this.auth = auth;
  }

  addContactList(contactListId: number): void {
    this.store.addContactList(contactListId);
  }

  addImportJob(contactListId: number, seed: Omit<SandboxJobSeed, 'contactListId'> = {}): JobRef {
    const { importJob } = this.store.createJob({ ...seed, contactListId });
    return { contactListId, importJobId: importJob.Id };
  }

  startRun(request: SandboxRequest): void {
    const state = this.store.find(request.contactListId ?? 0, request.importJobId ?? 0);
    if (state !== undefined) this.store.run(state, request.customEvents ?? []);
  }

  getImportJob(contactListId: number, importJobId: number): SandboxJobState | undefined {
    const state = this.store.find(contactListId, importJobId);
    return state === undefined ? undefined : structuredClone(state);
  }

  reset(): void {
    this.store = new ImportJobStore(this.options.finishAfterMs, this.options.now);
    for (const seed of this.options.jobs ?? [demoJob()]) this.store.createJob(seed);
    this.auth = this.options.auth ?? DEFAULT_SANDBOX_AUTH;
    this.requests.length = 0;
    this.requestCount = 0;
    this.connections = 0;
    this.maxInFlight = this.inFlight;
    this.hooks = [];
    this.onceHooks = [];
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.close((error) => (error ? reject(error) : resolve()));
      this.server.closeAllConnections();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const [path = '', query = ''] = (req.url ?? '').split(/\?(.*)/s);
    const route = this.route(path, req.method ?? 'GET');
    const raw = await readBody(req);
    const request = this.log({
      method: req.method ?? 'GET',
      path,
      query,
      headers: req.headers,
      endpoint: route?.endpoint ?? 'unrouted',
      ...(route && { contactListId: route.contactListId }),
      ...(route?.importJobId !== undefined && { importJobId: route.importJobId }),
      ...(route?.endpoint === 'run' && { customEvents: parseCustomEvents(query) }),
      ...(raw !== undefined && raw.length > 0 && { body: parseBody(raw) }),
    });
    res.on('finish', () => {
      request.status = res.statusCode;
    });
    if (await this.intercepted(req, res, request)) return;
    const format = negotiateFormat(req.headers.accept);
    if (raw === undefined) return this.send(res, 413, 'text/plain; charset=utf-8', 'Request Entity Too Large');
    this.serve(req, res, request, route, format);
  }

  private route(path: string, method: string): Route | undefined {
    const lowered = path.toLowerCase();
    const prefix = `${this.basePath.toLowerCase()}/`;
    if (!lowered.startsWith(prefix)) return undefined;
    return matchRoute(path.slice(prefix.length).replace(/\/$/, '').split('/'), method);
  }

  private log(request: SandboxRequest): SandboxRequest {
    this.requestCount += 1;
    this.requests.push(request);
    if (this.requests.length > (this.options.maxLoggedRequests ?? 10_000)) this.requests.shift();
    return request;
  }

  private async intercepted(req: IncomingMessage, res: ServerResponse, request: SandboxRequest): Promise<boolean> {
    const onceIndex = this.onceHooks.findIndex(
      ({ endpoint }) => endpoint === undefined || endpoint === request.endpoint,
    );
    const once = onceIndex < 0 ? [] : this.onceHooks.splice(onceIndex, 1).map(({ hook }) => hook);
    for (const hook of [...once, ...this.hooks]) {
      if (await hook(req, res, request)) return true;
    }
    return false;
  }

  private serve(
    req: IncomingMessage,
    res: ServerResponse,
    request: SandboxRequest,
    route: Route | undefined,
    format: WireFormat,
  ): void {
    const fail = (status: number, message: string, headers: Record<string, string> = {}) =>
      this.send(res, status, contentTypeOf(format), renderError(message, format), headers);
    if (route === undefined) {
      const host = req.headers.host ?? '127.0.0.1';
      return fail(404, `No HTTP resource was found that matches the request URI 'http://${host}${req.url ?? ''}'.`);
    }
    if (!route.allowed.split(', ').includes(request.method)) {
      const message = `The requested resource does not support http method '${request.method}'.`;
      return fail(405, message, { Allow: route.allowed });
    }
    if (!isAuthorized(req.headers, this.auth)) return fail(401, DENIED, challengeFor(this.auth));
    if (request.body !== undefined && route.endpoint !== 'run' && !isJsonContent(req.headers)) {
      const type = req.headers['content-type'] ?? 'application/octet-stream';
      return fail(415, `The request entity's media type '${type}' is not supported for this resource.`);
    }
    if (!this.store.hasContactList(route.contactListId)) {
      return fail(404, `Contact list ${route.contactListId} was not found.`);
    }
    if (route.endpoint === 'createJob') return this.createJob(res, request, route, format, fail);
    const state = this.store.find(route.contactListId, route.importJobId ?? 0);
    if (state === undefined) return fail(404, `Import job ${route.importJobId ?? 0} was not found.`);
    if (route.endpoint === 'addContacts' && request.method === 'POST') {
      if (!isContactList(request.body)) return fail(400, 'The request is invalid.');
      if (request.body.length > MAX_CONTACTS_PER_REQUEST) {
        return fail(400, `At most ${MAX_CONTACTS_PER_REQUEST} contacts can be added in one request.`);
      }
      this.store.addContacts(state, request.body);
      return this.send(res, 200, undefined, '');
    }
    const job = route.endpoint === 'run' ? this.store.run(state, request.customEvents ?? []) : state.importJob;
    this.sendJob(res, job, format);
  }

  private createJob(
    res: ServerResponse,
    request: SandboxRequest,
    route: Route,
    format: WireFormat,
    fail: (status: number, message: string) => void,
  ): void {
    const body = request.body;
    const fieldNames =
      typeof body === 'object' && body !== null ? (body as { FieldNames?: unknown }).FieldNames : undefined;
    if (!isStringList(fieldNames) || fieldNames.length === 0) return fail(400, 'The request is invalid.');
    const { importJob } = this.store.createJob({ contactListId: route.contactListId, fieldNames });
    this.sendJob(res, importJob, format);
  }

  private sendJob(res: ServerResponse, job: ImportJob, format: WireFormat): void {
    this.send(res, 200, contentTypeOf(format), renderImportJob(job, format));
  }

  private send(
    res: ServerResponse,
    status: number,
    contentType: string | undefined,
    body: string,
    headers: Record<string, string> = {},
  ): void {
    res.writeHead(status, {
      'Cache-Control': 'no-cache',
      ...(contentType && { 'Content-Type': contentType }),
      ...headers,
      'Content-Length': Buffer.byteLength(body),
    });
    res.end(body);
  }
}

const normalizeBasePath = (basePath: string): string => `/${basePath.replace(/^\/+|\/+$/g, '')}`.replace(/^\/$/, '');

/**
 * Starts a sandbox on loopback. Port 0 (the default) picks a free port, so parallel test files
 * never collide; read the real one from `baseUrl` or `port`.
 */
const startWhich50Sandbox = async (options: Which50SandboxOptions = {}): Promise<Which50Sandbox> => {
  const host = options.host ?? '127.0.0.1';
  const basePath = normalizeBasePath(options.basePath ?? '/Which50API');
  const server = createServer();
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const hostInUrl = host.includes(':') ? `[${host}]` : host;
  return new SandboxServer(server, `http://${hostInUrl}:${port}${basePath}`, port, basePath, options);
};

export type {
  Contact,
  ImportJob,
  JobRef,
  SandboxEndpoint,
  SandboxHook,
  SandboxJobSeed,
  SandboxJobState,
  SandboxRequest,
  UpstreamAuth,
  Which50Sandbox,
  Which50SandboxOptions,
};
export {
  DEFAULT_SANDBOX_AUTH,
  DEMO_CONTACT_LIST_ID,
  DEMO_IMPORT_JOB_ID,
  MAX_CONTACTS_PER_REQUEST,
  startWhich50Sandbox,
  upstreamAuthHeaders,
};
