import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { LocalDurableTestRunner } from '@aws/durable-execution-sdk-js-testing';
import { CreateTableCommand, DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_API_KEY, demoSecret } from '../../dev/demo-secret';
import { type SecretsManagerEndpoint, startSecretsManagerEndpoint } from '../../dev/secrets-manager-endpoint';
import { startWhich50Sandbox, type Which50Sandbox } from '../../dev/which50-sandbox';
import { respondWith, startRunThen } from '../../dev/which50-sandbox-faults';
import { STACK_NAME } from '../../infra/import-webhook-app';
import { dynamoDbRunRecords } from '../../lambda/runs/dynamodb-run-records';
import type { RunRecordStore } from '../../lambda/runs/run-record';
import { anApiGatewayEvent } from '../support/factories';
import { anAsyncRunInput, aRunRecord } from '../support/run-record-factories';
import { functionAssetDir } from './support/function-asset';
import { type Invocation, invokeBundle } from './support/invoke-bundle';
import { PROJECT_ROOT } from './support/synth-stack';

const TOOLS_BIN = path.join(PROJECT_ROOT, '.tools/node_modules/.bin');
const REGION = 'eu-west-1';
const DUMMY_CREDENTIALS = { AWS_ACCESS_KEY_ID: 'AKIDSMOKETEST', AWS_SECRET_ACCESS_KEY: 'smoke-test-secret' };
const TABLE_NAME = 'which50-idempotency-smoke';

/** dynalite ships no types; this is the one call the test makes. */
const startDynalite = async (): Promise<{ url: string; close: () => Promise<void> }> => {
  const dynalite = createRequire(import.meta.url)('dynalite') as (options: { createTableMs: number }) => Server;
  const server = dynalite({ createTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
};

/** A synthesized function's literal environment variables (the API function's by default), as Lambda will set them. */
const deployedLiteralEnvironment = (
  template: { Resources: Record<string, any> },
  under: 'ImportFunction' | 'AsyncRuns' = 'ImportFunction',
): Record<string, string> => {
  const [, fn] = Object.entries(template.Resources).find(
    ([id, { Type }]) => Type === 'AWS::Lambda::Function' && id.startsWith(under),
  ) as [string, any];
  return Object.fromEntries(
    Object.entries(fn.Properties.Environment.Variables as Record<string, unknown>).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string',
    ),
  );
};

const bodyOf = (invocation: Invocation): { statusCode: number; body: any } => {
  if (!invocation.ok) throw new Error(`The invocation failed: ${invocation.error.message}\n${invocation.output}`);
  const { statusCode, body } = invocation.result as { statusCode: number; body: string };
  return { statusCode, body: JSON.parse(body) };
};

const NORMALIZED_IMPORT_JOB_FIELDS = [
  'contactListId',
  'currentStatus',
  'droppedContacts',
  'finishDate',
  'id',
  'insertedContacts',
  'invalidEmailCount',
  'invalidSmsCount',
  'notUpdatedContacts',
  'progressPercent',
  'startDate',
  'totalContacts',
  'updatedContacts',
];

describe('the deployed bundle', () => {
  let outdir: string;
  let bundlePath: string;
  let sandbox: Which50Sandbox;
  let secretsManager: SecretsManagerEndpoint;
  let dynamoDb: { url: string; close: () => Promise<void> };
  let env: Record<string, string>;
  let durableBundlePath: string;
  let durableEnvironment: Record<string, string>;

  const tableClient = () =>
    new DynamoDBClient({
      endpoint: dynamoDb.url,
      region: REGION,
      credentials: {
        accessKeyId: DUMMY_CREDENTIALS.AWS_ACCESS_KEY_ID,
        secretAccessKey: DUMMY_CREDENTIALS.AWS_SECRET_ACCESS_KEY,
      },
    });

  beforeAll(async () => {
    outdir = mkdtempSync(path.join(tmpdir(), 'which50-smoke-'));
    await promisify(execFile)('npx', ['cdk', 'synth', '--no-notices', '--quiet', '--output', outdir], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, PATH: `${TOOLS_BIN}${path.delimiter}${process.env.PATH ?? ''}` },
    });
    const template = JSON.parse(readFileSync(path.join(outdir, `${STACK_NAME}.template.json`), 'utf8'));
    bundlePath = path.join(functionAssetDir(outdir, template), 'index.mjs');
    durableBundlePath = path.join(functionAssetDir(outdir, template, 'AsyncRuns'), 'index.mjs');
    durableEnvironment = deployedLiteralEnvironment(template, 'AsyncRuns');

    [sandbox, secretsManager, dynamoDb] = await Promise.all([
      startWhich50Sandbox(),
      startSecretsManagerEndpoint(),
      startDynalite(),
    ]);
    const secretArn = secretsManager.putSecret('which50-import-webhook', JSON.stringify(demoSecret(sandbox.baseUrl)));
    await tableClient().send(
      new CreateTableCommand({
        TableName: TABLE_NAME,
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    env = {
      ...deployedLiteralEnvironment(template),
      ...DUMMY_CREDENTIALS,
      SECRET_ID: secretArn,
      IDEMPOTENCY_TABLE_NAME: TABLE_NAME,
      AWS_REGION: REGION,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secretsManager.url,
      AWS_ENDPOINT_URL_DYNAMODB: dynamoDb.url,
      AWS_EC2_METADATA_DISABLED: 'true',
      ALLOW_HTTP_UPSTREAM: 'true',
    };
  });

  /** The records in the local idempotency table, as the bundle's DynamoDB client left them. */
  const idempotencyRecords = async () => {
    const { Items = [] } = await tableClient().send(new ScanCommand({ TableName: TABLE_NAME }));
    return Items;
  };

  afterAll(async () => {
    await Promise.all([sandbox?.close(), secretsManager?.close(), dynamoDb?.close()]);
    rmSync(outdir, { recursive: true, force: true });
  });

  it('is the ESM file cdk synth wrote, with its source map', () => {
    // Act
    const code = readFileSync(bundlePath, 'utf8');

    // Assert
    expect(code.startsWith('import { createRequire as')).toBe(true);
    expect(code.trimEnd().endsWith('//# sourceMappingURL=index.mjs.map')).toBe(true);
  });

  it('answers GET /health with 200', async () => {
    // Arrange
    const event = anApiGatewayEvent();

    // Act
    const answer = bodyOf(await invokeBundle(bundlePath, env, event));

    // Assert
    expect(answer).toEqual({ statusCode: 200, body: { status: 'ok' } });
  });

  it('runs an import for POST /imports/run with an API key and answers the normalized ImportJob', async () => {
    // Arrange
    const event = anApiGatewayEvent({
      resource: '/imports/run',
      path: '/imports/run',
      httpMethod: 'POST',
      headers: { 'x-api-key': DEMO_API_KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ contactListId: 1, importJobId: 2, customEvents: ['SendWelcomeEmail'] }),
    });

    // Act
    const answer = bodyOf(await invokeBundle(bundlePath, env, event));

    // Assert
    expect(answer.statusCode).toBe(200);
    expect(Object.keys(answer.body).toSorted()).toEqual(NORMALIZED_IMPORT_JOB_FIELDS);
    expect(answer.body).toMatchObject({ id: 2, contactListId: 1 });
    expect(sandbox.runRequests(1, 2).at(-1)?.customEvents).toEqual(['SendWelcomeEmail']);
  });

  it("runs a schedule's import and keeps its idempotency record in DynamoDB", async () => {
    // Arrange
    const event = {
      source: 'schedule',
      scheduleName: 'nightly-welcome',
      scheduledTime: '2030-01-31T02:00:00Z',
      attemptNumber: '1',
      contactListId: 1,
      importJobId: 2,
      customEvents: ['SendWelcomeEmail'],
    };
    const runsBefore = sandbox.runRequests(1, 2).length;
    const recordsBefore = await idempotencyRecords();

    // Act
    const invocation = await invokeBundle(bundlePath, env, event);

    // Assert
    if (!invocation.ok) throw new Error(`The invocation failed: ${invocation.error.message}\n${invocation.output}`);
    expect(invocation.result).toMatchObject({ id: 2, contactListId: 1 });
    expect(sandbox.runRequests(1, 2)).toHaveLength(runsBefore + 1);
    expect(await idempotencyRecords()).toHaveLength(recordsBefore.length + 1);
  });

  describe('a retried schedule firing, each invocation a fresh execution environment', () => {
    let firing = 0;
    /** A firing of its own job, never run before: a job's recent start would settle any unknown outcome. */
    const aFiring = () => {
      firing += 1;
      const { importJobId } = sandbox.addImportJob(1, { importJobId: 200 + firing });
      return {
        source: 'schedule',
        scheduleName: 'retried-welcome',
        scheduledTime: `2031-01-${String(firing).padStart(2, '0')}T02:00:00Z`,
        contactListId: 1,
        importJobId,
      };
    };
    const rejectionOf = (invocation: Invocation) => (invocation.ok ? undefined : invocation.error);

    it('runs again after a certain non-run (Which50 404)', async () => {
      // Arrange
      const event = aFiring();
      sandbox.interceptOnce(respondWith(404, { Message: 'not found' }), 'run');
      const first = await invokeBundle(bundlePath, env, { ...event, attemptNumber: '1' });

      // Act
      const retry = await invokeBundle(bundlePath, env, { ...event, attemptNumber: '2' });

      // Assert
      expect(rejectionOf(first)).toMatchObject({ message: expect.stringContaining('no such contact list') });
      expect(retry.ok).toBe(true);
      expect(sandbox.runRequests(1, event.importJobId)).toHaveLength(2);
    });

    it('fails without a POST after a 500 whose run did not start, so it ends in the dead-letter queue', async () => {
      // Arrange
      const event = aFiring();
      sandbox.interceptOnce(respondWith(500, { Message: 'boom' }), 'run');
      await invokeBundle(bundlePath, env, { ...event, attemptNumber: '1' });

      // Act
      const retries = [
        await invokeBundle(bundlePath, env, { ...event, attemptNumber: '2' }),
        await invokeBundle(bundlePath, env, { ...event, attemptNumber: '3' }),
      ];

      // Assert
      for (const retry of retries)
        expect(rejectionOf(retry)).toMatchObject({ message: expect.stringContaining('may have started') });
      expect(sandbox.runRequests(1, event.importJobId)).toHaveLength(1);
    });

    it('settles from the job’s status, without a POST, after a 500 whose run did start', async () => {
      // Arrange
      const event = aFiring();
      sandbox.interceptOnce(startRunThen(sandbox, respondWith(500, { Message: 'boom' })), 'run');
      await invokeBundle(bundlePath, env, { ...event, attemptNumber: '1' });

      // Act
      const retry = await invokeBundle(bundlePath, env, { ...event, attemptNumber: '2' });

      // Assert
      expect(retry).toMatchObject({ ok: true, result: { id: event.importJobId, currentStatus: 'Finished' } });
      expect(sandbox.runRequests(1, event.importJobId)).toHaveLength(1);
    });
  });

  describe("the durable function, run on the SDK's local runner", () => {
    const RUNS_TABLE = 'which50-runs-smoke';
    let handler: ConstructorParameters<typeof LocalDurableTestRunner>[0]['handlerFunction'];
    let records: RunRecordStore;
    const record = aRunRecord({ command: { contactListId: 1, importJobId: 2, customEvents: [] } });

    beforeAll(async () => {
      // Real time: this run neither follows nor calls back, so it never waits. Time skipping installs
      // fake timers in the whole worker, and closing this file's servers after they were uninstalled
      // hung the worker now and then (one run in two or three, every timer of the worker dead).
      await LocalDurableTestRunner.setupTestEnvironment();
      await tableClient().send(
        new CreateTableCommand({
          TableName: RUNS_TABLE,
          AttributeDefinitions: [{ AttributeName: 'runId', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'runId', KeyType: 'HASH' }],
          BillingMode: 'PAY_PER_REQUEST',
        }),
      );
      // The bundle reads its settings when it is loaded, as Lambda's init does, and its clients
      // resolve their endpoints on first use: the process keeps this environment (the other tests
      // here run their bundles in child processes with environments of their own).
      Object.assign(process.env, {
        ...durableEnvironment,
        ...DUMMY_CREDENTIALS,
        SECRET_ID: env.SECRET_ID,
        RUNS_TABLE_NAME: RUNS_TABLE,
        AWS_REGION: REGION,
        AWS_ENDPOINT_URL_SECRETS_MANAGER: secretsManager.url,
        AWS_ENDPOINT_URL_DYNAMODB: dynamoDb.url,
        AWS_EC2_METADATA_DISABLED: 'true',
        ALLOW_HTTP_UPSTREAM: 'true',
      });
      ({ handler } = await import(pathToFileURL(durableBundlePath).href));
      records = dynamoDbRunRecords(RUNS_TABLE);
      await records.create(record);
    });

    afterAll(() => LocalDurableTestRunner.teardownTestEnvironment());

    it('runs an accepted async run once and records it succeeded in its table', async () => {
      // Arrange
      const before = sandbox.runRequests(1, 2).length;

      // Act
      const execution = await new LocalDurableTestRunner({ handlerFunction: handler }).run({
        payload: anAsyncRunInput(record),
      });

      // Assert
      expect(execution.getStatus()).toBe('SUCCEEDED');
      expect(execution.getResult()).toMatchObject({ runId: record.runId, status: 'succeeded' });
      expect(sandbox.runRequests(1, 2).length - before).toBe(1);
      expect(await records.read(record.runId)).toMatchObject({ status: 'succeeded', importJob: { id: 2 } });
    });
  });
});
