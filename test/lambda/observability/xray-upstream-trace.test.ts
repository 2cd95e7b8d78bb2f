import { execFile } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aRunImportEvent } from '../../../bench/run-import-event';
import { DEMO_API_KEY, demoSecret } from '../../../dev/demo-secret';
import { type SecretsManagerEndpoint, startSecretsManagerEndpoint } from '../../../dev/secrets-manager-endpoint';
import { startWhich50Sandbox, type Which50Sandbox } from '../../../dev/which50-sandbox';
import { BUNDLE_FILE_NAME, buildBundle } from '../../../infra/bundling';
import { invokeBundle } from '../../infra/support/invoke-bundle';
import { PROJECT_ROOT } from '../../infra/support/synth-stack';

const TRACE_ID = '1-5759e988-bd862e3fe1be46a994272793';
const PARENT_ID = '53995c3f42cd8ad8';

/** One segment document as the X-Ray SDK sends it to the daemon (a header line, then the JSON). */
type SegmentDocument = Record<string, unknown>;

/** A UDP socket standing in for the X-Ray daemon, keeping every segment document sent to it. */
const startDaemon = async (): Promise<{ socket: Socket; address: string; documents: SegmentDocument[] }> => {
  const socket = createSocket('udp4');
  const documents: SegmentDocument[] = [];
  socket.on('message', (message) => {
    const [, body] = message.toString('utf8').split('\n');
    if (body !== undefined) documents.push(JSON.parse(body) as SegmentDocument);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return { socket, address: `127.0.0.1:${(socket.address() as AddressInfo).port}`, documents };
};

/**
 * Invokes the bundle's handler once in a fresh process, as a Lambda execution environment would,
 * and keeps the process alive a moment after the answer, as Lambda's frozen-not-ended environment
 * does, so that the X-Ray SDK's UDP sends complete. Resolves with the handler's result.
 */
const invokeAndLinger = async (entry: string, env: Record<string, string>, event: unknown): Promise<unknown> => {
  const script = `
    const { handler } = await import(${JSON.stringify(pathToFileURL(entry).href)});
    const context = { awsRequestId: 'traced-invocation', getRemainingTimeInMillis: () => 28000 };
    const result = await handler(JSON.parse(process.env.EVENT), context);
    await new Promise((resolve) => setTimeout(resolve, 200));
    process.stderr.write('RESULT' + JSON.stringify(result));`;
  const { stderr } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
    env: { ...env, EVENT: JSON.stringify(event) },
  });
  return JSON.parse(stderr.slice(stderr.lastIndexOf('RESULT') + 'RESULT'.length));
};

/**
 * Tracing, tested where it must work: in the production bundle (ESM, split, the `createRequire`
 * banner), run in a fresh process with the environment Lambda gives a traced function, against a
 * stand-in X-Ray daemon.
 */
describe('tracing in the production bundle', () => {
  let outdir: string;
  let entry: string;
  let sandbox: Which50Sandbox;
  let secretsManager: SecretsManagerEndpoint;
  let daemon: Awaited<ReturnType<typeof startDaemon>>;
  let baseEnv: Record<string, string>;

  beforeAll(async () => {
    outdir = mkdtempSync(path.join(tmpdir(), 'which50-tracing-'));
    await buildBundle(path.join(PROJECT_ROOT, 'lambda/handler.ts'), outdir);
    entry = path.join(outdir, BUNDLE_FILE_NAME);
    [sandbox, secretsManager, daemon] = await Promise.all([
      startWhich50Sandbox(),
      startSecretsManagerEndpoint(),
      startDaemon(),
    ]);
    baseEnv = {
      PATH: process.env.PATH ?? '',
      SECRET_ID: secretsManager.putSecret('which50-tracing', JSON.stringify(demoSecret(sandbox.baseUrl))),
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'AKIDTRACINGTEST',
      AWS_SECRET_ACCESS_KEY: 'tracing-test-secret',
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secretsManager.url,
      AWS_EC2_METADATA_DISABLED: 'true',
      ALLOW_HTTP_UPSTREAM: 'true',
      POWERTOOLS_SERVICE_NAME: 'which50-import-webhook',
    };
  });

  afterAll(async () => {
    daemon.socket.close();
    await Promise.all([sandbox.close(), secretsManager.close()]);
    rmSync(outdir, { recursive: true, force: true });
  });

  it('keeps the tracer in a chunk of its own', () => {
    // Act
    const chunks = readdirSync(path.join(outdir, 'chunks'));

    // Assert
    expect(chunks.filter((name) => /^xray-upstream-trace-.*\.mjs$/.test(name))).toHaveLength(1);
  });

  it('sends the Which50 call as an annotated subsegment of the invocation when tracing is on', async () => {
    // Arrange
    const env = {
      ...baseEnv,
      POWERTOOLS_TRACE_ENABLED: 'true',
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
      LAMBDA_TASK_ROOT: outdir,
      AWS_XRAY_DAEMON_ADDRESS: daemon.address,
      _X_AMZN_TRACE_ID: `Root=${TRACE_ID};Parent=${PARENT_ID};Sampled=1`,
    };

    // Act
    const result = await invokeAndLinger(entry, env, aRunImportEvent(DEMO_API_KEY));
    await expect.poll(() => daemon.documents.length).toBeGreaterThan(0);

    // Assert
    expect(result).toMatchObject({ statusCode: 200 });
    expect(daemon.documents).toContainEqual(
      expect.objectContaining({
        name: '### Which50 runImport',
        type: 'subsegment',
        trace_id: TRACE_ID,
        parent_id: PARENT_ID,
        annotations: expect.objectContaining({
          contactListId: 1,
          importJobId: 2,
          attempts: 1,
          upstreamStatus: 200,
          ColdStart: expect.any(Boolean),
          Service: 'which50-import-webhook',
        }),
      }),
    );
  });

  it('runs without the tracer at all when tracing is off: its chunk is never loaded', async () => {
    // Arrange
    const chunk = path.join(
      outdir,
      'chunks',
      readdirSync(path.join(outdir, 'chunks')).find(
        (name) => name.startsWith('xray-upstream-trace-') && name.endsWith('.mjs'),
      ) ?? '',
    );
    renameSync(chunk, `${chunk}.away`);

    // Act
    const invocation = await invokeBundle(entry, baseEnv, aRunImportEvent(DEMO_API_KEY)).finally(() =>
      renameSync(`${chunk}.away`, chunk),
    );

    // Assert
    expect(invocation).toMatchObject({ ok: true, result: { statusCode: 200 } });
  });
});
