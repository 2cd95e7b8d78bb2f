import { createWhich50Client } from '../lambda/which50/client';
import { parseAdapterSecret } from '../lambda/secrets/adapter-secret';
import { secretsManagerSource } from '../lambda/secrets/secrets-manager-source';
import { demoSecret } from '../dev/demo-secret';
import { startWhich50Sandbox } from '../dev/which50-sandbox';
import { startSecretsManagerEndpoint } from '../dev/secrets-manager-endpoint';
const sandbox = await startWhich50Sandbox({ maxLoggedRequests: 10 });
const sm = await startSecretsManagerEndpoint();
const arn = sm.putSecret('s', JSON.stringify(demoSecret(sandbox.baseUrl)));
process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = sm.url; process.env.AWS_REGION = 'us-east-1'; process.env.AWS_ACCESS_KEY_ID = 'x'; process.env.AWS_SECRET_ACCESS_KEY = 'y';
const secret = parseAdapterSecret(JSON.stringify(demoSecret(sandbox.baseUrl)), { allowHttpUpstream: true });
const client = createWhich50Client({ loadSecret: async () => secret, attemptTimeoutMs: 10000 });
const cmd = { contactListId: 1, importJobId: 2, customEvents: ['SendWelcomeEmail'] };
const source = secretsManagerSource(arn, { maxAgeSeconds: 300, allowHttpUpstream: true });
await source();
const nextTurn = () => new Promise((r) => setImmediate(r));
const time = async (name: string, fn: () => Promise<unknown>, n = 10000) => {
  for (let i = 0; i < 1000; i++) { await fn(); await nextTurn(); }
  const xs: number[] = [];
  for (let i = 0; i < n; i++) { const t = process.hrtime.bigint(); await fn(); xs.push(Number(process.hrtime.bigint() - t) / 1000); await nextTurn(); }
  xs.sort((a, b) => a - b); console.log(name.padEnd(28), 'p50', xs[n / 2]!.toFixed(1), 'us');
};
for (let r = 0; r < 2; r++) {
await time('which50 client runImport', () => client.runImport(cmd, Date.now() + 20000));
await time('fetch + text + JSON.parse', async () => JSON.parse(await (await fetch(`${sandbox.baseUrl}/contactLists/1/import/2/run?customevents=SendWelcomeEmail`, { method: 'POST', headers: { accept: 'application/json', authorization: 'Bearer sandbox-demo-token' } })).text()));
await time('secretsManagerSource cached', () => source(), 10000);
}
console.log('connections', sandbox.connections, 'fetches', sm.fetches);
await sandbox.close(); await sm.close();
