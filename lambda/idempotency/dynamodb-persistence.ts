import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';

/**
 * Bounds on every call to the table, so that a DynamoDB that hangs or cannot be reached turns a
 * keyed run into a quick 503 (the guard never runs unguarded) instead of holding it to the
 * Lambda's timeout: a connection within 1 s, an answer within 3 s, and one retry, about 6 s in
 * all, well inside API Gateway's 29 s. The SDK's defaults are no timeout and three attempts; and
 * without `throwOnRequestTimeout`, its HTTP handler only logs a warning when `requestTimeout`
 * passes, and goes on waiting.
 */
const DYNAMODB_CLIENT_CONFIG = {
  maxAttempts: 2,
  requestHandler: { connectionTimeout: 1_000, requestTimeout: 3_000, throwOnRequestTimeout: true },
} as const satisfies DynamoDBClientConfig;

/**
 * Idempotency records in the DynamoDB table the stack creates: partition key `id`, TTL attribute
 * `expiration` (the Powertools defaults). The client follows the standard AWS configuration chain,
 * `AWS_ENDPOINT_URL_DYNAMODB` included, which is how tests point it at a local server.
 */
const createDynamoDbPersistence = (tableName: string): DynamoDBPersistenceLayer =>
  new DynamoDBPersistenceLayer({ tableName, awsSdkV3Client: new DynamoDBClient(DYNAMODB_CLIENT_CONFIG) });

export { createDynamoDbPersistence, DYNAMODB_CLIENT_CONFIG };
