import type { APIGatewayProxyResult } from 'aws-lambda';
import type { Adapter } from '../adapter';
import { authenticate } from '../auth/authenticate';
import { jsonAnswer } from '../http/answers';
import { bodyText } from '../http/body-limit';
import type { HttpRequest } from '../http/http-request';
import { logger } from '../observability';
import { parseRunImport } from '../payload/parse-run-import';
import { readBody } from '../payload/read-body';

/**
 * `POST /imports/run` and `POST /contact-lists/{contactListId}/imports/{importJobId}/run`. The
 * checks run in the contract's order (credential, content type, payload) so that an unauthenticated
 * caller learns nothing about what a valid payload looks like.
 */
const runImport = async (
  adapter: Adapter,
  request: HttpRequest,
  params: Readonly<Record<string, string>>,
  deadline: number,
): Promise<APIGatewayProxyResult> => {
  const secret = await adapter.loadSecret();
  authenticate(request, secret.inbound);
  const body = readBody(request.headers['content-type'], bodyText(request.rawBody));
  const command = parseRunImport({ path: params, query: request.query, body });
  const importJob = await adapter.which50.runImport(command, deadline);
  logger.info('Import run', { requestId: request.requestId, ...command, currentStatus: importJob.currentStatus });
  return jsonAnswer(200, importJob);
};

export { runImport };
