import { createHandler } from '../lambda/create-handler';
import { readConfig } from '../lambda/config';
import { createRunGuard } from '../lambda/idempotency/run-guard';
import { memoryPersistence } from '../lambda/idempotency/persistence-stores';
import { parseAdapterSecret } from '../lambda/secrets/adapter-secret';
import { decodeImportJobAnswer } from '../lambda/which50/decode-answer';
import { demoSecret, DEMO_API_KEY } from '../dev/demo-secret';
import { aRunImportEvent } from './run-import-event';
const secret = parseAdapterSecret(JSON.stringify(demoSecret('http://127.0.0.1:1/Which50API')), { allowHttpUpstream: true });
const body = '{"Id":2,"ContactListId":1,"CurrentStatus":"Finished","ProgressPercent":100,"StartDate":"2026-11-26T12:02:28.4811234","FinishDate":"2026-11-26T12:02:28.4811235","InvalidEmailCount":0,"InvalidSmsCount":0,"InsertedContacts":3,"UpdatedContacts":0,"DroppedContacts":0,"NotUpdatedContacts":0,"TotalContacts":3}';
const mode = process.argv[2];
const which50 = { runImport: async () => mode === 'nodecode' ? { id: 2 } as any : decodeImportJobAnswer('application/json; charset=utf-8', body), readImportJob: async () => ({}) as any };
const config = readConfig(process.env);
const handler = createHandler(() => ({ config, loadSecret: async () => secret, which50, guardRun: createRunGuard(memoryPersistence(), 100) }));
const event = aRunImportEvent(DEMO_API_KEY);
const ctx = { getRemainingTimeInMillis: () => 28000, awsRequestId: 'x' } as any;
const n = 30000;
for (let i = 0; i < 5000; i++) { const r: any = await handler(structuredClone(event), ctx); if (r.statusCode !== 200) throw new Error(r.body); }
const xs: number[] = [];
for (let i = 0; i < n; i++) { const e = structuredClone(event); const t = process.hrtime.bigint(); await handler(e, ctx); xs.push(Number(process.hrtime.bigint() - t) / 1000); }
xs.sort((a, b) => a - b);
process.stderr.write(`${mode ?? ''} level=${process.env.POWERTOOLS_LOG_LEVEL} p50 ${xs[n / 2]!.toFixed(1)} us  p90 ${xs[Math.floor(n * 0.9)]!.toFixed(1)}\n`);
