import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onlyResource, type SynthesizedStack, synthStack } from '../support/synth-stack';

/** API Gateway gives up on a Lambda integration after 29 seconds. */
const API_GATEWAY_INTEGRATION_LIMIT_SECONDS = 29;

describe('ImportFunction', () => {
  let withContext: SynthesizedStack;
  let byDefault: SynthesizedStack;
  let uncappedDev: SynthesizedStack;

  beforeAll(() => {
    withContext = synthStack({ reservedConcurrency: '5', tracing: 'true' });
    byDefault = synthStack();
    uncappedDev = synthStack({ reservedConcurrency: 'none', stage: 'dev' });
  });

  afterAll(() => {
    for (const synthesized of [withContext, byDefault, uncappedDev]) synthesized.cleanUp();
  });

  const functionOf = (synthesized: SynthesizedStack) =>
    onlyResource(synthesized.template, 'AWS::Lambda::Function', 'ImportFunction');

  it('runs the bundled ESM handler on Node.js 24, arm64', () => {
    // Act
    const { properties } = functionOf(byDefault);

    // Assert
    expect(properties).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'], Handler: 'index.handler' });
  });

  it('has about 512 MB of memory', () => {
    // Act
    const { properties } = functionOf(byDefault);

    // Assert
    expect(properties.MemorySize).toBe(512);
  });

  it('times out just after the upstream deadline and before API Gateway gives up', () => {
    // Arrange
    const { properties } = functionOf(byDefault);
    const deadlineSeconds = Number(properties.Environment.Variables.UPSTREAM_DEADLINE_MS) / 1000;

    // Act
    const timeout = properties.Timeout as number;

    // Assert
    expect(timeout).toBeGreaterThan(deadlineSeconds);
    expect(timeout).toBeLessThanOrEqual(deadlineSeconds + 5);
    expect(timeout).toBeLessThan(API_GATEWAY_INTEGRATION_LIMIT_SECONDS);
  });

  it('reserves the concurrency the context asks for', () => {
    // Act
    const { properties } = functionOf(withContext);

    // Assert
    expect(properties.ReservedConcurrentExecutions).toBe(5);
  });

  it('reserves a concurrency of 10 by default, so at most 10 runs reach Which50 at once', () => {
    // Act
    const { properties } = functionOf(byDefault);

    // Assert
    expect(properties.ReservedConcurrentExecutions).toBe(10);
  });

  it('reserves no concurrency for reservedConcurrency=none', () => {
    // Act
    const { properties } = functionOf(uncappedDev);

    // Assert
    expect(properties).not.toHaveProperty('ReservedConcurrentExecutions');
  });

  it("publishes its metrics under its stage's own namespace", () => {
    // Act
    const namespaces = [byDefault, uncappedDev].map(
      (synthesized) => functionOf(synthesized).properties.Environment.Variables.POWERTOOLS_METRICS_NAMESPACE,
    );

    // Assert
    expect(namespaces).toEqual(['Which50ImportWebhook/prod', 'Which50ImportWebhook/dev']);
  });

  it('passes the settings the handler reads, the secret and table by reference', () => {
    // Arrange
    const secret = onlyResource(byDefault.template, 'AWS::SecretsManager::Secret');
    const table = onlyResource(byDefault.template, 'AWS::DynamoDB::Table', 'Idempotency');
    const runs = onlyResource(byDefault.template, 'AWS::DynamoDB::Table', 'AsyncRuns');
    const alias = onlyResource(byDefault.template, 'AWS::Lambda::Alias', 'AsyncRuns');

    // Act
    const variables = functionOf(byDefault).properties.Environment.Variables;

    // Assert
    expect(variables).toEqual({
      SECRET_ID: { Ref: secret.id },
      IDEMPOTENCY_TABLE_NAME: { Ref: table.id },
      RUNS_TABLE_NAME: { Ref: runs.id },
      RUNS_FUNCTION_ARN: { Ref: alias.id },
      IDEMPOTENCY_TTL_SECONDS: '86400',
      SECRET_CACHE_SECONDS: '300',
      UPSTREAM_TIMEOUT_MS: '10000',
      UPSTREAM_DEADLINE_MS: '25000',
      WEBHOOK_TOLERANCE_SECONDS: '300',
      POWERTOOLS_SERVICE_NAME: 'which50-import-webhook',
      POWERTOOLS_METRICS_NAMESPACE: 'Which50ImportWebhook/prod',
      POWERTOOLS_LOG_LEVEL: 'INFO',
    });
  });

  it('keeps the per-attempt upstream timeout inside the overall deadline', () => {
    // Act
    const variables = functionOf(byDefault).properties.Environment.Variables;

    // Assert
    expect(Number(variables.UPSTREAM_TIMEOUT_MS)).toBeLessThan(Number(variables.UPSTREAM_DEADLINE_MS));
  });

  it('logs to its own log group, with a retention set', () => {
    // Arrange
    const logGroups = byDefault.template.findResources('AWS::Logs::LogGroup');

    // Act
    const { LoggingConfig } = functionOf(byDefault).properties;

    // Assert
    const logGroupId = LoggingConfig.LogGroup.Ref as string;
    expect(logGroups[logGroupId]?.Properties.RetentionInDays).toBeGreaterThan(0);
  });

  it('has a role of its own with no managed policy', () => {
    // Arrange
    const roleId = functionOf(byDefault).properties.Role['Fn::GetAtt'][0] as string;

    // Act
    const role = byDefault.template.findResources('AWS::IAM::Role')[roleId];

    // Assert
    expect(role?.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      expect.objectContaining({ Principal: { Service: 'lambda.amazonaws.com' } }),
    ]);
    expect(role?.Properties).not.toHaveProperty('ManagedPolicyArns');
  });

  it('may write only to its own log group', () => {
    // Arrange
    const { properties } = functionOf(byDefault);
    const logGroupId = properties.LoggingConfig.LogGroup.Ref as string;

    // Act & Assert
    byDefault.template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Effect: 'Allow',
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
            Resource: { 'Fn::GetAtt': [logGroupId, 'Arn'] },
          },
        ]),
      },
    });
  });

  it('retries a failed asynchronous run, then sends it to the failed-runs queue', () => {
    // Arrange
    const { id: functionId } = functionOf(byDefault);

    // Act
    const { properties } = onlyResource(byDefault.template, 'AWS::Lambda::EventInvokeConfig', 'ImportFunction');

    // Assert
    expect(properties).toMatchObject({
      FunctionName: { Ref: functionId },
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: 3600,
      DestinationConfig: {
        OnFailure: { Destination: { 'Fn::GetAtt': [expect.stringMatching(/^FailedRuns/), 'Arn'] } },
      },
    });
  });

  it('parks failed runs in an encrypted, TLS-only queue kept 14 days', () => {
    // Arrange
    const [queueId, queue] = Object.entries(byDefault.template.findResources('AWS::SQS::Queue')).find(([id]) =>
      id.startsWith('FailedRuns'),
    )!;

    // Act
    const policies = byDefault.template.findResources('AWS::SQS::QueuePolicy', {
      Properties: { Queues: [{ Ref: queueId }] },
    });

    // Assert
    expect(queue.Properties).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 24 * 3600 });
    expect(Object.values(policies)[0]?.Properties.PolicyDocument.Statement).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
  });

  it('traces actively, and tells the code to, when the context turns tracing on', () => {
    // Act
    const { properties } = functionOf(withContext);

    // Assert
    expect(properties.TracingConfig).toEqual({ Mode: 'Active' });
    expect(properties.Environment.Variables.POWERTOOLS_TRACE_ENABLED).toBe('true');
    withContext.template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          { Effect: 'Allow', Action: ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'], Resource: '*' },
        ]),
      },
    });
  });

  it('does not trace by default, so the tracer is never loaded', () => {
    // Act
    const { properties } = functionOf(byDefault);

    // Assert
    expect(properties).not.toHaveProperty('TracingConfig');
    expect(properties.Environment.Variables).not.toHaveProperty('POWERTOOLS_TRACE_ENABLED');
    expect(JSON.stringify(byDefault.template.findResources('AWS::IAM::Policy'))).not.toContain('xray:');
  });
});
