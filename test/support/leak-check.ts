/**
 * The log-leak check, run before every test file (vitest `setupFiles`). During each test it keeps
 * what is written to stdout and stderr (the adapter's log lines), what goes through `console`, and
 * the body of every `fetch` answer; after the test it looks for every registered secret value in
 * them and fails the test on a hit. Log lines are withheld from the terminal unless the test fails,
 * and then shown with the secrets masked; console output is shown at once, masked too.
 */
import { format } from 'node:util';
import { afterEach, beforeEach } from 'vitest';
import { DEMO_INBOUND } from '../../dev/demo-secret';
import { DEFAULT_SANDBOX_AUTH } from '../../dev/which50-sandbox';
import { aBasicAuth, aHeaderAuth, anAdapterSecret, aSecretDocument } from './factories';
import { redactSecrets, registerSecretDocument, registerSecretValue, secretFoundIn } from './secret-registry';

/** How long the check waits for answer bodies a test left unread. */
const BODY_WAIT_MS = 1_000;

const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;

/** What one test produced: log lines withheld from the terminal, console lines shown, answer bodies. */
interface Evidence {
  readonly withheld: string[];
  readonly shown: string[];
  readonly bodies: Promise<string>[];
}

let current: Evidence | undefined;

const textOf = (chunk: unknown): string =>
  typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');

/** Keeps (and withholds) what a test writes to `stream`; passes everything else through. */
const captureWrites = (stream: NodeJS.WriteStream): ((text: string) => void) => {
  const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
  stream.write = ((chunk: unknown, ...rest: unknown[]) => {
    if (current === undefined) return write(chunk, ...rest);
    current.withheld.push(textOf(chunk));
    const callback = rest.find((argument) => typeof argument === 'function') as ((error: null) => void) | undefined;
    if (callback !== undefined) process.nextTick(callback, null);
    return true;
  }) as typeof stream.write;
  return (text) => write(text);
};

const showOnStdout = captureWrites(process.stdout);
captureWrites(process.stderr);

for (const method of CONSOLE_METHODS) {
  const original = console[method].bind(console);
  console[method] = (...args: unknown[]) => {
    if (current === undefined) return original(...args);
    const line = format(...args);
    current.shown.push(line);
    original(redactSecrets(line));
  };
}

const originalFetch = globalThis.fetch;
globalThis.fetch = async (...args: Parameters<typeof fetch>) => {
  const response = await originalFetch(...args);
  current?.bodies.push(
    response
      .clone()
      .text()
      .catch(() => ''),
  );
  return response;
};

const settledBodies = async (bodies: readonly Promise<string>[]): Promise<string[]> => {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<string[]>((resolve) => {
    timer = setTimeout(() => resolve([]), BODY_WAIT_MS);
  });
  const all = await Promise.race([Promise.all(bodies), late]);
  clearTimeout(timer);
  return all;
};

registerSecretValue(process.env.AWS_SECRET_ACCESS_KEY, 'AWS_SECRET_ACCESS_KEY');
registerSecretDocument({ which50: { auth: DEFAULT_SANDBOX_AUTH }, inbound: DEMO_INBOUND });
registerSecretDocument(aSecretDocument());
registerSecretDocument({ which50: { auth: aBasicAuth() } });
registerSecretDocument({ which50: { auth: aHeaderAuth() } });
registerSecretDocument({ which50: { auth: anAdapterSecret().which50.auth }, inbound: anAdapterSecret().inbound });

beforeEach(({ onTestFailed }) => {
  const evidence: Evidence = { withheld: [], shown: [], bodies: [] };
  current = evidence;
  onTestFailed(() => {
    if (evidence.withheld.length > 0) showOnStdout(redactSecrets(evidence.withheld.join('')));
  });
});

afterEach(async () => {
  const evidence = current;
  current = undefined;
  if (evidence === undefined) return;
  const inLogs = secretFoundIn([...evidence.withheld, ...evidence.shown].join('\n'));
  const inBodies = secretFoundIn((await settledBodies(evidence.bodies)).join('\n'));
  if (inLogs !== undefined || inBodies !== undefined) {
    const where = inLogs !== undefined ? `the logs (${inLogs})` : `an answer body (${inBodies})`;
    throw new Error(`A secret value leaked into ${where} during this test.`);
  }
});
