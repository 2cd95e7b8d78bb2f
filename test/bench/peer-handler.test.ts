import { ScanCommand } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { aRunImportEvent } from '../../bench/run-import-event';
import { DEMO_API_KEY, demoSecret } from '../../dev/demo-secret';
import { type SecretsManagerEndpoint, startSecretsManagerEndpoint } from '../../dev/secrets-manager-endpoint';
import { startWhich50Sandbox, type Which50Sandbox } from '../../dev/which50-sandbox';
import { type LocalDynamoDb, startLocalDynamoDb } from '../support/local-dynamodb';
import { registerSecretDocument } from '../support/secret-registry';

type Handler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

/** The context fields Powertools reads (the function's name, the time left for idempotency). */
const aContext = (): Context =>
  ({
    awsRequestId: 'peer-test-invocation',
    functionName: 'which50-peer-test',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:which50-peer-test',
    memoryLimitInMB: '512',
    getRemainingTimeInMillis: () => 28_000,
  }) as Context;

const withHeaders = (event: APIGatewayProxyEvent, headers: Record<string, string>): APIGatewayProxyEvent => ({
  ...event,
  headers: { ...event.headers, ...headers },
});

/**
 * The peer is measured against the adapter, so it must really do the job: these run it from its
 * source against the sandbox, the local Secrets Manager endpoint and dynalite, as the benchmark does.
 */
describe('the peer handler', () => {
  let sandbox: Which50Sandbox;
  let secrets: SecretsManagerEndpoint;
  let dynamoDb: LocalDynamoDb;
  let handler: Handler;

  beforeAll(async () => {
    sandbox = await startWhich50Sandbox();
    secrets = await startSecretsManagerEndpoint();
    dynamoDb = await startLocalDynamoDb();
    const secret = demoSecret(sandbox.baseUrl);
    registerSecretDocument(secret);
    vi.stubEnv('SECRET_ID', secrets.putSecret('which50-peer-test', JSON.stringify(secret)));
    vi.stubEnv('AWS_ENDPOINT_URL_SECRETS_MANAGER', secrets.url);
    vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', dynamoDb.url);
    vi.stubEnv('IDEMPOTENCY_TABLE_NAME', dynamoDb.tableName);
    vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'WARN');
    vi.resetModules();
    ({ handler } = (await import('../../bench/peer-handler')) as unknown as { handler: Handler });
  });

  beforeEach(() => {
    sandbox.reset();
  });

  afterAll(async () => {
    vi.unstubAllEnvs();
    await Promise.all([sandbox?.close(), secrets?.close(), dynamoDb?.close()]);
  });

  it('answers the normalized ImportJob after one run POST carrying the custom events', async () => {
    // Act
    const result = await handler(aRunImportEvent(DEMO_API_KEY), aContext());

    // Assert
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toMatchObject({ id: 2, contactListId: 1, totalContacts: 3 });
    expect(sandbox.runRequests(1, 2).map(({ customEvents }) => customEvents)).toEqual([['SendWelcomeEmail']]);
  });

  it('runs once for two deliveries with the same Idempotency-Key, keeping the record in DynamoDB', async () => {
    // Arrange
    const event = withHeaders(aRunImportEvent(DEMO_API_KEY), { 'Idempotency-Key': 'peer-delivery-1' });

    // Act
    const first = await handler(structuredClone(event), aContext());
    const second = await handler(structuredClone(event), aContext());

    // Assert
    expect(second).toEqual(first);
    expect(sandbox.runRequests(1, 2)).toHaveLength(1);
    const { Count } = await dynamoDb.client.send(new ScanCommand({ TableName: dynamoDb.tableName }));
    expect(Count).toBe(1);
  });

  it('answers 400 without calling Which50 when an id is not a number', async () => {
    // Arrange
    const event = aRunImportEvent(DEMO_API_KEY, { contactListId: 'seven', importJobId: 2 });

    // Act
    const result = await handler(event, aContext());

    // Assert
    expect(result.statusCode).toBe(400);
    expect(sandbox.runRequests()).toHaveLength(0);
  });
});
