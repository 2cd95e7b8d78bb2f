import type { APIGatewayProxyResult } from 'aws-lambda';
import type { Adapter, Invocation } from '../adapter';
import { authenticate } from '../auth/authenticate';
import { authorize } from '../auth/authorize';
import { jsonAnswer } from '../http/answers';
import { bodyText } from '../http/body-limit';
import type { HttpRequest } from '../http/http-request';
import { prefersRespondAsync } from '../http/prefer';
import { requestIdempotencyKey } from '../idempotency/idempotency-key';
import { parseRunImport, sourcesOf } from '../payload/parse-run-import';
import { readBody } from '../payload/read-body';
import { sightingsOf } from '../payload/sightings';
import { runImportOnce } from './run-import-once';

/** Marks an answer given again for a duplicate delivery, as the first run answered it. */
const REPLAYED_HEADERS = { 'idempotent-replayed': 'true' } as const;

/**
 * `POST /imports/run` and `POST /contact-lists/{contactListId}/imports/{importJobId}/run`. The
 * checks run in the contract's order (credential, content type, payload, scope and signature
 * coverage) so that an unauthenticated caller learns nothing about what a valid payload looks
 * like. Only the upstream run is guarded by the idempotency key (see `requestIdempotencyKey`): a
 * duplicate is still authenticated and checked like the first delivery. The outcome line is
 * written by the caller of this route. A request that asks for an async run (`Prefer:
 * respond-async`, or a `callbackUrl`) is handed to `runs/accept-run` once its command is read,
 * through `import()`, so that nothing of the async path loads for a sync run.
 */
const runImport = async (
  adapter: Adapter,
  request: HttpRequest,
  params: Readonly<Record<string, string>>,
  invocation: Invocation,
): Promise<APIGatewayProxyResult> => {
  const secret = await adapter.loadSecret();
  const authentication = await authenticate(request, secret.inbound, {
    toleranceSeconds: adapter.config.webhookToleranceSeconds,
  });
  invocation.recorder.principal = authentication.principal.name;
  const contentType = request.headers['content-type'];
  const body = readBody(contentType, bodyText(request.rawBody, contentType));
  const sources = { path: params, query: request.query, body };
  const command = parseRunImport(sources);
  if (prefersRespondAsync(request.headers.prefer) || sightingsOf('callbackUrl', sourcesOf(sources)).length > 0) {
    return (await import('../runs/accept-run')).acceptRun(
      adapter,
      { request, secret, authentication, sources, command },
      invocation,
    );
  }
  await authorize(authentication, sources, command);
  const key = requestIdempotencyKey(authentication, request.headers);
  const { importJob, replayed } = await runImportOnce(adapter, { key, command }, invocation);
  return jsonAnswer(200, importJob, replayed ? REPLAYED_HEADERS : {});
};

export { runImport };
