import type { DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';

/**
 * Bounds on every call to the table, so that a DynamoDB that hangs or cannot be reached turns a
 * keyed run into a quick 503 (the guard never runs unguarded) instead of holding it to the
 * Lambda's timeout: a connection within 1 s, an answer within 3 s, and one retry, about 6 s in
 * all, well inside API Gateway's 29 s. The async runs' table uses the same bounds. The SDK's defaults are no timeout and three attempts; and
 * without `throwOnRequestTimeout`, its HTTP handler only logs a warning when `requestTimeout`
 * passes, and goes on waiting.
 */
const DYNAMODB_CLIENT_CONFIG = {
  maxAttempts: 2,
  requestHandler: { connectionTimeout: 1_000, requestTimeout: 3_000, throwOnRequestTimeout: true },
} as const satisfies DynamoDBClientConfig;

export { DYNAMODB_CLIENT_CONFIG };
