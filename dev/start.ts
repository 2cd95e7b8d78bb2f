import { startUpWarnings } from './check-config/start-up-warnings';
import { DEMO_API_KEY, demoSecret } from './demo-secret';
import { startLocalServer } from './local-server';
import { startWhich50Sandbox } from './which50-sandbox';

/**
 * `http:` and loopback callback URLs are allowed locally (a receiver on localhost works) unless the
 * environment says `ALLOW_HTTP_CALLBACK=false`; set before the settings are read below.
 */
if (!process.env.ALLOW_HTTP_CALLBACK?.trim()) process.env.ALLOW_HTTP_CALLBACK = 'true';

/** Ends `npm start` with one plain sentence on stderr: no stack trace, the fix named. */
const stop = (sentence: string): never => {
  process.stderr.write(`${sentence}\n`);
  process.exit(1);
};

/** A port variable's value, or a plain refusal naming the variable. */
const portFrom = (variable: 'PORT' | 'SANDBOX_PORT', fallback: number): number => {
  const text = process.env[variable]?.trim() || String(fallback);
  const port = /^\d{1,5}$/.test(text) ? Number(text) : Number.NaN;
  if (!(port >= 0 && port <= 65_535)) {
    stop(`${variable} must be a port number from 0 to 65535, e.g. ${variable}=3001 npm start.`);
  }
  return port;
};

/** A whole-number variable of at least `min`, or a plain refusal naming it. */
const wholeNumberFrom = (variable: string, fallback: number, min: number): number => {
  const text = process.env[variable]?.trim() || String(fallback);
  if (!/^\d{1,9}$/.test(text) || Number(text) < min) {
    stop(`${variable} must be a whole number of at least ${min}, e.g. ${variable}=${fallback} npm start.`);
  }
  return Number(text);
};

/** Why a server could not listen, as a sentence naming the variable that fixes it. */
const listenFailure = (error: unknown, variable: 'PORT' | 'SANDBOX_PORT', port: number): string => {
  const code = (error as NodeJS.ErrnoException).code;
  const other = port === 65_535 ? 3001 : port + 1;
  if (code === 'EADDRINUSE') {
    return `Port ${port} is already in use (another npm start?): stop what holds it, or choose another port, e.g. ${variable}=${other} npm start.`;
  }
  if (code === 'EACCES') {
    return `Port ${port} may not be opened by this user: choose a port from 1024 up, e.g. ${variable}=3000 npm start.`;
  }
  return `The ${variable === 'PORT' ? 'local server' : 'embedded sandbox'} could not listen on port ${port} (${code ?? 'unknown error'}): choose another port, e.g. ${variable}=${other} npm start.`;
};

/**
 * The handler's log lines are the deployed function's JSON lines; on a terminal they are
 * pretty-printed instead (Powertools' dev mode), and the metrics they carry, of no use there, are
 * left out. The logger reads these when it is made, so they are set before the handler's modules are
 * loaded, below.
 */
if (process.stdout.isTTY) {
  process.env.POWERTOOLS_DEV ??= 'true';
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
}

const [{ createLocalHandler }, { parseAdapterSecret }, { fileSecretSource }] = await Promise.all([
  import('./local-handler'),
  import('../lambda/secrets/adapter-secret'),
  import('../lambda/secrets/file-source'),
]);

/** Executions the local durable runner runs at once (`LOCAL_RUN_CONCURRENCY`), as the deployed reserved concurrency. */
const runConcurrency = wholeNumberFrom('LOCAL_RUN_CONCURRENCY', 5, 1);

/**
 * `npm start`: the deployed handler on http://localhost:3000. With `SECRET_ID` the secret comes from
 * Secrets Manager (the standard AWS credential chain and endpoint variables), with
 * `LOCAL_SECRET_FILE` from that file, and with neither from an embedded Which50 sandbox and a
 * demo secret (its jobs finish `SANDBOX_FINISH_AFTER_MS` after their run, 3 s by default), so that
 * a first run needs no account at all. Without `SECRET_ID`, idempotency and run records are kept in
 * memory, which the one local process shares across its requests, and async runs execute here.
 */
const chooseHandler = async () => {
  if (process.env.SECRET_ID) {
    const { handler } = await import('../lambda/handler');
    return { handler, mode: `secret ${process.env.SECRET_ID} from Secrets Manager`, apiKey: undefined };
  }
  const secretFile = process.env.LOCAL_SECRET_FILE;
  if (secretFile) {
    const { handler } = createLocalHandler(
      (config) => fileSecretSource(secretFile, { allowHttpUpstream: config.allowHttpUpstream }),
      { concurrency: runConcurrency },
    );
    return { handler, mode: `secret from ${secretFile}`, apiKey: undefined };
  }
  const sandboxPort = portFrom('SANDBOX_PORT', 0);
  const finishAfterMs = wholeNumberFrom('SANDBOX_FINISH_AFTER_MS', 3_000, 0);
  const sandbox = await startWhich50Sandbox({ port: sandboxPort, finishAfterMs }).catch((error: unknown) =>
    stop(listenFailure(error, 'SANDBOX_PORT', sandboxPort)),
  );
  const secret = parseAdapterSecret(JSON.stringify(demoSecret(sandbox.baseUrl)), { allowHttpUpstream: true });
  const { handler } = createLocalHandler(() => async () => secret, { concurrency: runConcurrency });
  return { handler, mode: `embedded Which50 sandbox at ${sandbox.baseUrl}`, apiKey: DEMO_API_KEY };
};

const port = portFrom('PORT', 3000);
const { handler, mode, apiKey } = await chooseHandler();
const server = await startLocalServer(handler, { port, host: process.env.HOST ?? '127.0.0.1' }).catch(
  (error: unknown) => stop(listenFailure(error, 'PORT', port)),
);
const warnings = await startUpWarnings(process.env, process.env.SECRET_ID ? undefined : process.env.LOCAL_SECRET_FILE);

const origin = `http://localhost:${server.port}`;
const payload = JSON.stringify({ contactListId: 1, importJobId: 2, customEvents: ['SendWelcomeEmail'] });
console.log(`which50-import-webhook listening on ${origin} (${mode})`);
console.log('Try it:');
console.log(
  `  curl -s -X POST ${origin}/imports/run -H 'x-api-key: ${apiKey ?? 'YOUR_API_KEY'}' -H 'content-type: application/json' -d '${payload}'`,
);
for (const warning of warnings) console.error(warning);
