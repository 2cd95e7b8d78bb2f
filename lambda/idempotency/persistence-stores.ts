import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';

/**
 * Makes the store idempotency records live in. Called once, on the first request that carries a
 * key: the store's code (and the DynamoDB client) is loaded only then, so requests without a key
 * never pay for it.
 */
type PersistenceLoader = () => Promise<BasePersistenceLayer>;

/** Records in the process's memory: the local server, and a deployment without a table. */
const memoryPersistence = (): PersistenceLoader => async () => {
  const { MemoryPersistenceLayer } = await import('./memory-persistence');
  return new MemoryPersistenceLayer();
};

/** Records in the DynamoDB table named by `IDEMPOTENCY_TABLE_NAME`, shared by every execution environment. */
const dynamoDbPersistence =
  (tableName: string): PersistenceLoader =>
  async () => {
    const { createDynamoDbPersistence } = await import('./dynamodb-persistence');
    return createDynamoDbPersistence(tableName);
  };

export { dynamoDbPersistence, memoryPersistence, type PersistenceLoader };
