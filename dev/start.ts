import { DEMO_API_KEY, demoSecret } from './demo-secret';
import { startLocalServer } from './local-server';
import { startWhich50Sandbox } from './which50-sandbox';

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

const [
  { buildAdapter },
  { readConfig },
  { createHandler },
  { memoryPersistence },
  { parseAdapterSecret },
  { fileSecretSource },
] = await Promise.all([
  import('../lambda/adapter'),
  import('../lambda/config'),
  import('../lambda/create-handler'),
  import('../lambda/idempotency/persistence-stores'),
  import('../lambda/secrets/adapter-secret'),
  import('../lambda/secrets/file-source'),
]);

/**
 * `npm start`: the deployed handler on http://localhost:3000. With `SECRET_ID` the secret comes from
 * Secrets Manager (the standard AWS credential chain and endpoint variables), with
 * `LOCAL_SECRET_FILE` from that file, and with neither from an embedded Which50 sandbox and a
 * demo secret, so that a first run needs no account at all. Without `SECRET_ID`, idempotency
 * records are kept in memory, which the one local process shares across its requests.
 */
const chooseHandler = async () => {
  if (process.env.SECRET_ID) {
    const { handler } = await import('../lambda/handler');
    return { handler, mode: `secret ${process.env.SECRET_ID} from Secrets Manager`, apiKey: undefined };
  }
  const secretFile = process.env.LOCAL_SECRET_FILE;
  if (secretFile) {
    const handler = createHandler(() => {
      const config = readConfig(process.env);
      const loadSecret = fileSecretSource(secretFile, { allowHttpUpstream: config.allowHttpUpstream });
      return buildAdapter(config, loadSecret, memoryPersistence());
    });
    return { handler, mode: `secret from ${secretFile}`, apiKey: undefined };
  }
  const sandbox = await startWhich50Sandbox({ port: Number(process.env.SANDBOX_PORT ?? 0) });
  const secret = parseAdapterSecret(JSON.stringify(demoSecret(sandbox.baseUrl)), { allowHttpUpstream: true });
  const handler = createHandler(() => buildAdapter(readConfig(process.env), async () => secret, memoryPersistence()));
  return { handler, mode: `embedded Which50 sandbox at ${sandbox.baseUrl}`, apiKey: DEMO_API_KEY };
};

const { handler, mode, apiKey } = await chooseHandler();
const port = Number(process.env.PORT ?? 3000);
await startLocalServer(handler, { port, host: process.env.HOST ?? '127.0.0.1' });

const origin = `http://localhost:${port}`;
const payload = JSON.stringify({ contactListId: 1, importJobId: 2, customEvents: ['SendWelcomeEmail'] });
console.log(`which50-import-webhook listening on ${origin} (${mode})`);
console.log('Try it:');
console.log(
  `  curl -s -X POST ${origin}/imports/run -H 'x-api-key: ${apiKey ?? 'YOUR_API_KEY'}' -H 'content-type: application/json' -d '${payload}'`,
);
