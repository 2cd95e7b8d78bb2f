import type { APIGatewayProxyResult } from 'aws-lambda';
import { jsonAnswer } from '../http/answers';

/**
 * `GET /openapi.json`: the adapter's own description. The document is imported on first use, so a
 * function that never serves it never loads it.
 */
const openApi = async (): Promise<APIGatewayProxyResult> => {
  const { openApiDocument } = await import('../openapi/openapi-document');
  return jsonAnswer(200, openApiDocument);
};

export { openApi };
