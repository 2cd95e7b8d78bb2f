import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DYNAMODB_CLIENT_CONFIG } from './dynamodb-client-config';

/**
 * Idempotency records in the DynamoDB table the stack creates: partition key `id`, TTL attribute
 * `expiration` (the Powertools defaults). The client follows the standard AWS configuration chain,
 * `AWS_ENDPOINT_URL_DYNAMODB` included, which is how tests point it at a local server.
 */
const createDynamoDbPersistence = (tableName: string): DynamoDBPersistenceLayer =>
  new DynamoDBPersistenceLayer({ tableName, awsSdkV3Client: new DynamoDBClient(DYNAMODB_CLIENT_CONFIG) });

export { createDynamoDbPersistence, DYNAMODB_CLIENT_CONFIG };
