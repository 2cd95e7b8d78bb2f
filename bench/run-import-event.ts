import type { APIGatewayProxyEvent } from 'aws-lambda';

/** The run both handlers are timed on: the demo list and job, one custom event. */
const RUN_PAYLOAD = { contactListId: 1, importJobId: 2, customEvents: ['SendWelcomeEmail'] } as const;

/**
 * `POST /imports/run` as API Gateway's REST proxy integration delivers it, with the API key the
 * adapter's secret accepts (the baseline ignores it) and no idempotency key.
 */
const aRunImportEvent = (apiKey: string): APIGatewayProxyEvent => {
  const headers = { 'content-type': 'application/json', 'x-api-key': apiKey };
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
    body: JSON.stringify(RUN_PAYLOAD),
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

export { aRunImportEvent, RUN_PAYLOAD };
