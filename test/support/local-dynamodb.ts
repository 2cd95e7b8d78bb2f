import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';

/** A DynamoDB-protocol server on loopback, with the idempotency and runs tables shaped like the stack's. */
interface LocalDynamoDb {
  /** The endpoint, for `AWS_ENDPOINT_URL_DYNAMODB` or a client's `endpoint`. */
  readonly url: string;
  readonly tableName: string;
  /** The table of async runs: partition key `runId`. */
  readonly runsTableName: string;
  /** An SDK client talking to it, for reading what the adapter stored. */
  readonly client: DynamoDBClient;
  close(): Promise<void>;
}

const TABLE_NAME = 'which50-import-webhook-idempotency';
const RUNS_TABLE_NAME = 'which50-import-webhook-runs';
/** Dynalite checks no signature; the client still needs a region and credentials to sign with. */
const LOCAL_CLIENT_CONFIG = {
  region: 'us-east-1',
  credentials: { accessKeyId: 'local-dynamodb', secretAccessKey: 'local-dynamodb' },
} as const;

/**
 * Starts dynalite in this process and creates the idempotency table the way the stack does
 * (partition key `id`, a string, billed per request) and the runs table (partition key `runId`). (Dynalite does not expire items by TTL; the
 * records' own `expiration` is what the adapter checks.) Its own client needs no AWS environment,
 * so the benchmark can start it too.
 */
const startLocalDynamoDb = async (): Promise<LocalDynamoDb> => {
  const server = dynalite({ createTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = new DynamoDBClient({ endpoint: url, ...LOCAL_CLIENT_CONFIG });
  for (const [tableName, key] of [
    [TABLE_NAME, 'id'],
    [RUNS_TABLE_NAME, 'runId'],
  ] as const) {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        AttributeDefinitions: [{ AttributeName: key, AttributeType: 'S' }],
        KeySchema: [{ AttributeName: key, KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
  }
  return {
    url,
    tableName: TABLE_NAME,
    runsTableName: RUNS_TABLE_NAME,
    client,
    close: async () => {
      client.destroy();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
};

export { type LocalDynamoDb, startLocalDynamoDb };
