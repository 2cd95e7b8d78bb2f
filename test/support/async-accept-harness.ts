import { type LocalServer, startLocalServer } from '../../dev/local-server';
import { buildAdapter } from '../../lambda/adapter';
import { createHandler } from '../../lambda/create-handler';
import { memoryPersistence } from '../../lambda/idempotency/persistence-stores';
import type { AsyncRunInput } from '../../lambda/runs/async-run-input';
import { memoryRunRecords } from '../../lambda/runs/memory-run-records';
import type { RunRecordStore } from '../../lambda/runs/run-record';
import type { AdapterSecret } from '../../lambda/secrets/adapter-secret';
import { AN_API_KEY, anAdapterConfig, anAdapterSecret, anInbound } from './factories';
import { STANDARD_WEBHOOKS_SECRET } from './signed-deliveries';

/** The callback signing secret of the test adapter's `outbound` part. */
const CALLBACK_SIGNING_SECRET = `whsec_${Buffer.from('accept-suite-callback-signing-key-01').toString('base64')}`;

/** A second API key, named, so that a test has another principal at hand. */
const OTHER_PRINCIPAL_KEY = 'accept-suite-other-principal-key';

/**
 * The API function's accept path as a caller meets it over HTTP, with the async parts it is given
 * when deployed replaced by ones a test can see: run records in memory, and a starter that records
 * each start (and fails the next `failStarts` of them, as Lambda refusing the invoke would).
 */
interface AcceptHarness {
  readonly url: string;
  readonly runRecords: RunRecordStore;
  readonly starts: AsyncRunInput[];
  failStarts: number;
  request(path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

/** The test secret: every inbound scheme (one API key named `other`), and an `outbound` part unless told otherwise. */
const anAsyncSecret = (overrides: Partial<AdapterSecret> = {}): AdapterSecret =>
  anAdapterSecret({
    inbound: anInbound({
      apiKeys: [AN_API_KEY, { key: OTHER_PRINCIPAL_KEY, name: 'other' }],
      standardWebhooksSecret: STANDARD_WEBHOOKS_SECRET,
    }),
    outbound: { callbackSigningSecret: CALLBACK_SIGNING_SECRET, callbackHosts: undefined },
    ...overrides,
  });

const startAcceptHarness = async (
  options: { secret?: AdapterSecret; allowHttpCallback?: boolean } = {},
): Promise<AcceptHarness> => {
  const secret = options.secret ?? anAsyncSecret();
  const runRecords = memoryRunRecords();
  const harness = {
    runRecords,
    starts: [] as AsyncRunInput[],
    failStarts: 0,
  };
  const startRun = async (input: AsyncRunInput) => {
    if (harness.failStarts > 0) {
      harness.failStarts -= 1;
      throw new Error('TooManyRequestsException');
    }
    harness.starts.push(input);
  };
  const handler = createHandler(() =>
    buildAdapter(
      anAdapterConfig({ allowHttpCallback: options.allowHttpCallback ?? false }),
      async () => secret,
      memoryPersistence(),
      async () => ({ runRecords, startRun }),
    ),
  );
  const server: LocalServer = await startLocalServer(handler, { port: 0 });
  return Object.assign(harness, {
    url: server.url,
    request: (path: string, init?: RequestInit) => fetch(`${server.url}${path}`, init),
    close: () => server.close(),
  });
};

/** A JSON POST with an API key (the test's own unless given), asking for an async run with `Prefer`. */
const postAsync = (
  body: unknown,
  { apiKey = AN_API_KEY, headers = {} }: { apiKey?: string; headers?: Record<string, string> } = {},
): RequestInit => ({
  method: 'POST',
  headers: { 'x-api-key': apiKey, 'content-type': 'application/json', prefer: 'respond-async', ...headers },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

export {
  type AcceptHarness,
  anAsyncSecret,
  CALLBACK_SIGNING_SECRET,
  OTHER_PRINCIPAL_KEY,
  postAsync,
  startAcceptHarness,
};
