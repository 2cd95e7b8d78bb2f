import type { APIGatewayProxyResult } from 'aws-lambda';

/** A JSON answer; API Gateway passes the headers through as they are. */
const jsonAnswer = (
  statusCode: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): APIGatewayProxyResult => ({
  statusCode,
  headers: { 'Content-Type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

export { jsonAnswer };
