import type { APIGatewayProxyEvent } from 'aws-lambda';

/** The run every handler is timed on: the demo list and job, one custom event. */
const RUN_PAYLOAD = { contactListId: 1, importJobId: 2, customEvents: ['SendWelcomeEmail'] } as const;

/**
 * `POST /imports/run` as API Gateway's REST proxy integration delivers it, with the API key the
 * adapter's secret accepts (the baseline and the peer ignore it) and no idempotency key; the
 * payload is {@link RUN_PAYLOAD} unless another is given.
 */
const aRunImportEvent = (
  apiKey: string,
  payload: object = RUN_PAYLOAD,
  extraHeaders: Readonly<Record<string, string>> = {},
): APIGatewayProxyEvent => {
  const headers = { 'content-type': 'application/json', 'x-api-key': apiKey, ...extraHeaders };
  return {
    resource: '/imports/run',
    path: '/imports/run',
    httpMethod: 'POST',
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value]])),
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    body: JSON.stringify(payload),
    isBase64Encoded: false,
    requestContext: {
      requestId: 'bench-request',
      httpMethod: 'POST',
      path: '/prod/imports/run',
      resourcePath: '/imports/run',
      stage: 'prod',
    },
  } as unknown as APIGatewayProxyEvent;
};

/** The same run asked for asynchronously (`Prefer: respond-async`): answered 202 once the run is started. */
const anAsyncRunImportEvent = (apiKey: string): APIGatewayProxyEvent =>
  aRunImportEvent(apiKey, RUN_PAYLOAD, { prefer: 'respond-async' });

export { anAsyncRunImportEvent, aRunImportEvent, RUN_PAYLOAD };
