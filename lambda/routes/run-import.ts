import type { APIGatewayProxyResult } from 'aws-lambda';
import type { Adapter, Invocation } from '../adapter';
import { authenticate } from '../auth/authenticate';
import { jsonAnswer } from '../http/answers';
import { bodyText } from '../http/body-limit';
import type { HttpRequest } from '../http/http-request';
import { requestIdempotencyKey } from '../idempotency/idempotency-key';
import { logger } from '../observability';
import { parseRunImport } from '../payload/parse-run-import';
import { readBody } from '../payload/read-body';

/** Marks an answer given again for a duplicate delivery, as the first run answered it. */
const REPLAYED_HEADERS = { 'idempotent-replayed': 'true' } as const;

/**
 * `POST /imports/run` and `POST /contact-lists/{contactListId}/imports/{importJobId}/run`. The
 * checks run in the contract's order (credential, content type, payload) so that an unauthenticated
 * caller learns nothing about what a valid payload looks like. Only the upstream run is guarded by
 * the idempotency key (`webhook-id`, else `Idempotency-Key`): a duplicate is still authenticated
 * and checked like the first delivery.
 */
const runImport = async (
  adapter: Adapter,
  request: HttpRequest,
  params: Readonly<Record<string, string>>,
  { deadline, context }: Invocation,
): Promise<APIGatewayProxyResult> => {
  const secret = await adapter.loadSecret();
  authenticate(request, secret.inbound, { toleranceSeconds: adapter.config.webhookToleranceSeconds });
  const body = readBody(request.headers['content-type'], bodyText(request.rawBody));
  const command = parseRunImport({ path: params, query: request.query, body });
  const key = requestIdempotencyKey(request.headers);
  const { importJob, replayed } = await adapter.guardRun({ key, command, context }, () =>
    adapter.which50.runImport(command, deadline),
  );
  logger.info(replayed ? 'Import run replayed' : 'Import run', {
    requestId: request.requestId,
    ...command,
    currentStatus: importJob.currentStatus,
  });
  return jsonAnswer(200, importJob, replayed ? REPLAYED_HEADERS : {});
};

export { runImport };
