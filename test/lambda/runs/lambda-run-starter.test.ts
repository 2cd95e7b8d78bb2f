import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AsyncRunInput } from '../../../lambda/runs/async-run-input';
import { lambdaRunStarter } from '../../../lambda/runs/lambda-run-starter';
import { aRunCommand } from '../../support/factories';

const ALIAS_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:which50-runs:live';

/** A loopback Lambda endpoint: records each request and answers as scripted. */
const lambdaEndpoint = {
  requests: [] as { method: string; path: string; headers: IncomingHttpHeaders; body: string }[],
  answer: { status: 202, headers: {} as Record<string, string>, body: '' },
};

const anInput = (): AsyncRunInput => ({
  runId: `run_${'A'.repeat(43)}`,
  principal: 'zapier',
  command: aRunCommand({ customEvents: ['SendWelcomeEmail'] }),
  follow: true,
  callbackUrl: 'https://hooks.example.com/runs?token=t',
  acceptedAt: '2026-12-02T11:00:00.000Z',
});

describe('lambdaRunStarter', () => {
  let server: Server;
  let client: LambdaClient;

  beforeAll(async () => {
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        lambdaEndpoint.requests.push({
          method: request.method ?? '',
          path: decodeURIComponent(request.url ?? ''),
          headers: request.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        });
        response.writeHead(lambdaEndpoint.answer.status, lambdaEndpoint.answer.headers).end(lambdaEndpoint.answer.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    client = new LambdaClient({ endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', maxAttempts: 1 });
  });

  afterAll(async () => {
    client.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  beforeEach(() => {
    lambdaEndpoint.requests = [];
    lambdaEndpoint.answer = { status: 202, headers: {}, body: '' };
  });

  it('invokes the alias once, asynchronously, named by the run id, with the run input as payload', async () => {
    // Arrange
    const input = anInput();

    // Act
    await lambdaRunStarter(ALIAS_ARN, client)(input);

    // Assert
    expect(lambdaEndpoint.requests).toHaveLength(1);
    const [request] = lambdaEndpoint.requests;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe(`/2015-03-31/functions/${ALIAS_ARN}/invocations`);
    expect(request?.headers['x-amz-invocation-type']).toBe('Event');
    expect(request?.headers['x-amz-durable-execution-name']).toBe(input.runId);
    expect(JSON.parse(request?.body ?? '')).toEqual(input);
  });

  it('takes Lambda’s answer that an execution of that name was already started for a start', async () => {
    // Arrange
    lambdaEndpoint.answer = {
      status: 409,
      headers: { 'x-amzn-errortype': 'DurableExecutionAlreadyStartedException', 'content-type': 'application/json' },
      body: JSON.stringify({ message: 'The durable execution with the specified name has already been started.' }),
    };

    // Act
    const start = lambdaRunStarter(ALIAS_ARN, client)(anInput());

    // Assert
    await expect(start).resolves.toBeUndefined();
  });

  it('fails when Lambda refuses the start for another reason', async () => {
    // Arrange
    lambdaEndpoint.answer = {
      status: 429,
      headers: { 'x-amzn-errortype': 'TooManyRequestsException', 'content-type': 'application/json' },
      body: JSON.stringify({ message: 'Rate exceeded' }),
    };

    // Act
    const start = lambdaRunStarter(ALIAS_ARN, client)(anInput());

    // Assert
    await expect(start).rejects.toMatchObject({ name: 'TooManyRequestsException' });
  });
});
