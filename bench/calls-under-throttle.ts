/**
 * "Upstream calls per delivery under persistent 429" (goal: at most 3): how many run requests one
 * delivery makes when Which50 throttles every run, measured on a bundle in a process of its own
 * with the deployed function's settings (production timeouts, the circuit breaker as configured).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { DEMO_API_KEY, demoSecret } from '../dev/demo-secret';
import { startSecretsManagerEndpoint } from '../dev/secrets-manager-endpoint';
import { startWhich50Sandbox } from '../dev/which50-sandbox';
import { respondWith } from '../dev/which50-sandbox-faults';
import { STATIC_ENVIRONMENT } from '../infra/constructs/import-function';
import { aRunImportEvent } from './run-import-event';

interface ThrottlePlan {
  /** The bundle's entry file (`index.mjs`, as `buildHandlerBundle` builds it). */
  readonly entry: string;
  /** Deliveries sent one after another, each a new run request from the caller. */
  readonly deliveries: number;
  /** The `Retry-After` Which50 sends with each 429; none by default. */
  readonly retryAfter?: string;
  /** Settings on top of the deployed ones (`CIRCUIT_BREAKER_THRESHOLD`, say). */
  readonly env?: Readonly<Record<string, string>>;
}

interface ThrottleFigures {
  readonly deliveries: number;
  /** Requests Which50 received in all (run requests only: nothing here reads a status). */
  readonly upstreamCalls: number;
  /** The most run requests one delivery made: what the goal is about. */
  readonly maxCallsPerDelivery: number;
  /** Run requests per delivery on average (the circuit breaker, once open, brings it down). */
  readonly callsPerDelivery: number;
  /** The statuses the deliveries were answered with, by status. */
  readonly statuses: Readonly<Record<string, number>>;
}

/**
 * Imports the bundle in a fresh process and invokes its handler with the event `count` times, one
 * after another, each when the parent says `next` on stdin, reporting each answer's status on
 * fd 3 (its stdout carries the bundle's log lines). Waiting for the parent keeps one delivery's
 * requests from being counted with the one before.
 */
const CHILD_SCRIPT = `
import { writeSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
const [entry, eventJson, countText] = process.argv.slice(1);
const context = { awsRequestId: 'throttle-bench', getRemainingTimeInMillis: () => 28_000 };
const { handler } = await import(pathToFileURL(entry).href);
const orders = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
for (let index = 0; index < Number(countText); index += 1) {
  await orders.next();
  const result = await handler(JSON.parse(eventJson), context);
  writeSync(3, String(result?.statusCode) + '\\n');
}
process.exit(0);
`;

/**
 * Measures one bundle against a Which50 sandbox that answers every run with 429 (and a local
 * Secrets Manager holding the demo secret). Each delivery is counted by the requests the sandbox
 * received between its answer and the previous one's: the bundle answers only after its last
 * request was answered.
 */
const measureCallsUnderThrottle = async ({
  entry,
  deliveries,
  retryAfter,
  env = {},
}: ThrottlePlan): Promise<ThrottleFigures> => {
  const sandbox = await startWhich50Sandbox({ maxLoggedRequests: 100 });
  const secretsManager = await startSecretsManagerEndpoint();
  try {
    const headers: Record<string, string> = retryAfter === undefined ? {} : { 'Retry-After': retryAfter };
    const throttle = respondWith(429, { Message: 'Slow down' }, headers);
    sandbox.intercept((req, res, request) => request.endpoint === 'run' && throttle(req, res));
    const secretArn = secretsManager.putSecret('which50-throttle-bench', JSON.stringify(demoSecret(sandbox.baseUrl)));
    const child = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        CHILD_SCRIPT,
        entry,
        JSON.stringify(aRunImportEvent(DEMO_API_KEY)),
        String(deliveries),
      ],
      {
        env: {
          ...STATIC_ENVIRONMENT,
          SECRET_ID: secretArn,
          AWS_REGION: 'us-east-1',
          AWS_ENDPOINT_URL_SECRETS_MANAGER: secretsManager.url,
          AWS_ACCESS_KEY_ID: 'AKIDBENCHMARK',
          AWS_SECRET_ACCESS_KEY: 'benchmark-secret-access-key',
          AWS_EC2_METADATA_DISABLED: 'true',
          ALLOW_HTTP_UPSTREAM: 'true',
          PATH: process.env.PATH ?? '',
          ...env,
        },
        stdio: ['pipe', 'ignore', 'pipe', 'pipe'],
      },
    );
    let errors = '';
    child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    const exited = once(child, 'close');
    const perDelivery: number[] = [];
    const statuses: Record<string, number> = {};
    let counted = 0;
    const next = () => child.stdin?.write('next\n');
    next();
    for await (const line of createInterface({ input: child.stdio[3] as Readable })) {
      const calls = sandbox.requestCount;
      perDelivery.push(calls - counted);
      counted = calls;
      statuses[line] = (statuses[line] ?? 0) + 1;
      if (perDelivery.length < deliveries) next();
    }
    await exited;
    if (perDelivery.length !== deliveries) {
      throw new Error(`The bundle answered ${perDelivery.length} of ${deliveries} deliveries:\n${errors}`);
    }
    return {
      deliveries,
      upstreamCalls: counted,
      maxCallsPerDelivery: Math.max(...perDelivery),
      callsPerDelivery: Math.round((counted / deliveries) * 100) / 100,
      statuses,
    };
  } finally {
    await Promise.all([sandbox.close(), secretsManager.close()]);
  }
};

export { measureCallsUnderThrottle, type ThrottleFigures, type ThrottlePlan };
