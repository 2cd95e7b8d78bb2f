import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DYNAMODB_CLIENT_CONFIG } from '../idempotency/dynamodb-client-config';
import type { RunRecord, RunRecordStore } from './run-record';
import { RunRecordMissing } from './update-run-record';

/**
 * How long a run's record is kept after it was accepted: long enough for the longest run (a day of
 * following, a day of callback retries) and a week of reading its status afterwards.
 */
const RUN_RECORD_TTL_SECONDS = 9 * 24 * 3_600;

/** The TTL attribute the table expires records by (epoch seconds). */
const EXPIRES_AT = 'expiresAt';

const expiresAt = (record: RunRecord, ttlSeconds: number): number =>
  Math.floor(Date.parse(record.acceptedAt) / 1_000) + ttlSeconds;

/** The stored item without its TTL attribute: the record as it was written. */
const recordOf = (item: Record<string, unknown>): RunRecord => {
  const { [EXPIRES_AT]: _expiresAt, ...record } = item;
  return record as unknown as RunRecord;
};

/**
 * Run records in the DynamoDB table the stack creates (`RUNS_TABLE_NAME`): partition key `runId`,
 * TTL attribute `expiresAt`. Creation is conditional (`attribute_not_exists`), so two accepts of one
 * run id store one record, and the loser reads the winner's; reads are strongly consistent, since
 * a duplicate must see the record its twin just wrote. The client has the same bounded timeouts as
 * the idempotency table's (connect 1 s, answer 3 s, two attempts), and follows the standard AWS
 * configuration chain (`AWS_ENDPOINT_URL_DYNAMODB` included, which is how tests reach dynalite).
 */
const dynamoDbRunRecords = (
  tableName: string,
  { ttlSeconds = RUN_RECORD_TTL_SECONDS }: { readonly ttlSeconds?: number } = {},
): RunRecordStore => {
  const documents = DynamoDBDocumentClient.from(new DynamoDBClient(DYNAMODB_CLIENT_CONFIG), {
    marshallOptions: { removeUndefinedValues: true },
  });

  const read = async (runId: string): Promise<RunRecord | undefined> => {
    const { Item } = await documents.send(
      new GetCommand({ TableName: tableName, Key: { runId }, ConsistentRead: true }),
    );
    return Item === undefined ? undefined : recordOf(Item);
  };

  return {
    create: async (record) => {
      try {
        await documents.send(
          new PutCommand({
            TableName: tableName,
            Item: { ...record, [EXPIRES_AT]: expiresAt(record, ttlSeconds) },
            ConditionExpression: 'attribute_not_exists(runId)',
          }),
        );
        return { created: true };
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        const existing = await read(record.runId);
        if (existing === undefined) throw error;
        return { created: false, existing };
      }
    },
    read,
    update: async (runId, update) => {
      const changes = { ...update, updatedAt: new Date().toISOString() };
      const names = Object.keys(changes);
      try {
        await documents.send(
          new UpdateCommand({
            TableName: tableName,
            Key: { runId },
            UpdateExpression: `SET ${names.map((_, index) => `#f${index} = :v${index}`).join(', ')}`,
            ExpressionAttributeNames: Object.fromEntries(names.map((name, index) => [`#f${index}`, name])),
            ExpressionAttributeValues: Object.fromEntries(
              Object.values(changes).map((value, index) => [`:v${index}`, value]),
            ),
            ConditionExpression: 'attribute_exists(runId)',
          }),
        );
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) throw new RunRecordMissing(runId);
        throw error;
      }
    },
  };
};

export { dynamoDbRunRecords, EXPIRES_AT, RUN_RECORD_TTL_SECONDS };
