/**
 * The benchmark's peer: the adapter's main job as a careful engineer would write it without this
 * project, from middy's and Powertools' own docs. middy composes the handler with its header
 * normalizer, JSON and urlencoded body parsers and error handler; Powertools brings the Logger
 * (with the Lambda context), Metrics (flushed per invocation), Parameters `getSecret` (cached
 * for the adapter's cache period) and Idempotency on DynamoDB (keyed on `Idempotency-Key`, so a
 * request without one runs unguarded, as the adapter's does); the full `zod` entry checks the
 * payload and the upstream's answer. It answers the same normalized ImportJob for a JSON upstream.
 * It is measured, not deployed: whatever the adapter costs beyond it is what the project adds.
 */
import { IdempotencyConfig } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { makeHandlerIdempotent } from '@aws-lambda-powertools/idempotency/middleware';
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import middy from '@middy/core';
import httpErrorHandler from '@middy/http-error-handler';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import httpUrlEncodeBodyParser from '@middy/http-urlencode-body-parser';
import { createError } from '@middy/util';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { z } from 'zod';

const logger = new Logger();
const metrics = new Metrics();

const persistenceStore = new DynamoDBPersistenceLayer({ tableName: process.env.IDEMPOTENCY_TABLE_NAME ?? '' });
const idempotencyConfig = new IdempotencyConfig({
  eventKeyJmesPath: 'headers."idempotency-key"',
  payloadValidationJmesPath: 'body',
  expiresAfterSeconds: Number(process.env.IDEMPOTENCY_TTL_SECONDS ?? 86_400),
});

const importId = z.coerce.number().int().min(1).max(2_147_483_647);
const eventName = z
  .string()
  .trim()
  .min(1)
  .max(128)
  .regex(/^[^,\p{Cc}]+$/u);

/** The simplified payload: ids as numbers or strings, events as a list or one comma-separated string. */
const RunImportPayload = z.object({
  contactListId: importId,
  importJobId: importId,
  customEvents: z
    .union([z.array(eventName), z.string().transform((names) => names.split(',').filter((name) => name.trim()))])
    .pipe(z.array(eventName).max(50))
    .transform((names) => [...new Set(names)])
    .default([]),
});

const Which50Secret = z.object({
  which50: z.object({
    baseUrl: z.url(),
    auth: z.discriminatedUnion('scheme', [
      z.object({ scheme: z.literal('bearer'), token: z.string() }),
      z.object({ scheme: z.literal('basic'), username: z.string(), password: z.string() }),
      z.object({ scheme: z.literal('header'), name: z.string(), value: z.string() }),
    ]),
  }),
});

type Which50Auth = z.infer<typeof Which50Secret>['which50']['auth'];

const upstreamDate = z
  .string()
  .nullish()
  .transform((date) =>
    date === null || date === undefined || date.startsWith('0001-01-01') ? null : new Date(date).toISOString(),
  );

/** The upstream's ImportJob, turned into the adapter's camelCase answer. */
const UpstreamImportJob = z
  .object({
    Id: z.number().int(),
    ContactListId: z.number().int(),
    CurrentStatus: z.string().nullish(),
    ProgressPercent: z.number().nullish(),
    StartDate: upstreamDate,
    FinishDate: upstreamDate,
    InvalidEmailCount: z.number().int().nullish(),
    InvalidSmsCount: z.number().int().nullish(),
    InsertedContacts: z.number().int().nullish(),
    UpdatedContacts: z.number().int().nullish(),
    DroppedContacts: z.number().int().nullish(),
    NotUpdatedContacts: z.number().int().nullish(),
    TotalContacts: z.number().int().nullish(),
  })
  .transform((job) => ({
    id: job.Id,
    contactListId: job.ContactListId,
    currentStatus: job.CurrentStatus?.trim() ?? null,
    progressPercent: job.ProgressPercent ?? null,
    startDate: job.StartDate,
    finishDate: job.FinishDate,
    invalidEmailCount: job.InvalidEmailCount ?? null,
    invalidSmsCount: job.InvalidSmsCount ?? null,
    insertedContacts: job.InsertedContacts ?? null,
    updatedContacts: job.UpdatedContacts ?? null,
    droppedContacts: job.DroppedContacts ?? null,
    notUpdatedContacts: job.NotUpdatedContacts ?? null,
    totalContacts: job.TotalContacts ?? null,
  }));

const authHeaders = (auth: Which50Auth): Record<string, string> => {
  if (auth.scheme === 'header') return { [auth.name]: auth.value };
  if (auth.scheme === 'bearer') return { authorization: `Bearer ${auth.token}` };
  return { authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}` };
};

/** Cached by Parameters for the adapter's cache period, so both fetch it as often. */
const loadSecret = async (): Promise<z.infer<typeof Which50Secret>> =>
  Which50Secret.parse(
    await getSecret(process.env.SECRET_ID ?? '', {
      maxAge: Number(process.env.SECRET_CACHE_SECONDS ?? 300),
      transform: 'json',
    }),
  );

const runImportJob = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  if (typeof event.body === 'string') throw createError(415, 'Send JSON or a urlencoded form.');
  const payload = RunImportPayload.safeParse(event.body);
  if (!payload.success) throw createError(400, z.prettifyError(payload.error));
  const { contactListId, importJobId, customEvents } = payload.data;

  const { which50 } = await loadSecret();
  const query = customEvents.length > 0 ? `?customevents=${customEvents.map(encodeURIComponent).join(',')}` : '';
  const response = await fetch(`${which50.baseUrl}/contactLists/${contactListId}/import/${importJobId}/run${query}`, {
    method: 'POST',
    headers: { accept: 'application/json', ...authHeaders(which50.auth) },
    signal: AbortSignal.timeout(Number(process.env.UPSTREAM_TIMEOUT_MS ?? 10_000)),
  });
  if (response.status === 404) throw createError(404, 'The contact list or import job was not found.');
  if (!response.ok) throw createError(502, `Which50 answered ${response.status}.`, { expose: true });
  const importJob = UpstreamImportJob.safeParse(await response.json());
  if (!importJob.success) throw createError(502, 'Which50 answered a malformed import job.', { expose: true });

  logger.info('Import job run', { contactListId, importJobId, currentStatus: importJob.data.currentStatus });
  metrics.addMetric('ImportJobRun', MetricUnit.Count, 1);
  return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(importJob.data) };
};

const handler = middy<APIGatewayProxyEvent, APIGatewayProxyResult>()
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics))
  .use(httpHeaderNormalizer())
  .use(httpJsonBodyParser({ disableContentTypeError: true }))
  .use(httpUrlEncodeBodyParser({ disableContentTypeError: true }))
  .use(httpErrorHandler({ logger: (error) => logger.error('Request failed', error) }))
  .use(makeHandlerIdempotent({ persistenceStore, config: idempotencyConfig }))
  .handler(runImportJob);

export { handler };
