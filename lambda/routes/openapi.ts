import type { APIGatewayProxyResult } from 'aws-lambda';
import { jsonAnswer } from '../http/answers';
import type { HttpRequest } from '../http/http-request';

/**
 * `GET /openapi.json`: the adapter's own description, its `servers` naming where the request
 * reached it (stage included). The document and the code that finds that URL are imported on
 * first use, so a function that never serves it never loads them.
 */
const openApi = async (request: HttpRequest): Promise<APIGatewayProxyResult> => {
  const [{ openApiDocumentServedAt }, { serverUrlOf }] = await Promise.all([
    import('../openapi/openapi-document'),
    import('../http/server-url'),
  ]);
  return jsonAnswer(200, openApiDocumentServedAt(serverUrlOf(request)));
};

export { openApi };
