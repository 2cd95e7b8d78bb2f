import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iamStatements } from '../support/iam-statements';
import { onlyResource, type SynthesizedStack, synthStack } from '../support/synth-stack';

describe('AsyncRuns', () => {
  let byDefault: SynthesizedStack;
  let capped: SynthesizedStack;

  beforeAll(() => {
    byDefault = synthStack();
    capped = synthStack({ asyncConcurrency: '2' });
  });

  afterAll(() => {
    for (const synthesized of [byDefault, capped]) synthesized.cleanUp();
  });

  const durableFunction = (synthesized: SynthesizedStack) =>
    onlyResource(synthesized.template, 'AWS::Lambda::Function', 'AsyncRuns');
  const alias = (synthesized: SynthesizedStack) =>
    onlyResource(synthesized.template, 'AWS::Lambda::Alias', 'AsyncRuns');
  const statementsOf = (synthesized: SynthesizedStack, policyPrefix: string) =>
    iamStatements(synthesized.template).filter(({ policy }) => policy.startsWith(policyPrefix));

  it('is a durable function on Node.js 24, arm64, whose executions outlast following and calling back (49 h)', () => {
    // Act
    const { properties } = durableFunction(byDefault);

    // Assert
    expect(properties).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'], Handler: 'index.handler' });
    expect(properties.DurableConfig.ExecutionTimeout).toBeGreaterThanOrEqual(48 * 3_600);
    expect(properties.DurableConfig.RetentionPeriodInDays).toBe(14);
  });

  it('caps executions at 5 by default and at asyncConcurrency when given', () => {
    // Act
    const caps = [byDefault, capped].map(
      (synthesized) => durableFunction(synthesized).properties.ReservedConcurrentExecutions,
    );

    // Assert
    expect(caps).toEqual([5, 2]);
  });

  it('gives the durable function the settings its entry reads, the secret, the table and the queue by reference', () => {
    // Arrange
    const secret = onlyResource(byDefault.template, 'AWS::SecretsManager::Secret');
    const runs = onlyResource(byDefault.template, 'AWS::DynamoDB::Table', 'AsyncRuns');
    const givenUp = onlyResource(byDefault.template, 'AWS::SQS::Queue', 'AsyncRunsGivenUpCallbacks');

    // Act
    const variables = durableFunction(byDefault).properties.Environment.Variables;

    // Assert
    expect(variables).toMatchObject({
      SECRET_ID: { Ref: secret.id },
      RUNS_TABLE_NAME: { Ref: runs.id },
      CALLBACK_DEAD_LETTER_QUEUE_URL: { Ref: givenUp.id },
      FOLLOW_MAX_HOURS: '24',
    });
  });

  it('keeps run records by run id with expiresAt as their TTL', () => {
    // Act
    const { properties } = onlyResource(byDefault.template, 'AWS::DynamoDB::Table', 'AsyncRuns');

    // Assert
    expect(properties.KeySchema).toEqual([{ AttributeName: 'runId', KeyType: 'HASH' }]);
    expect(properties.TimeToLiveSpecification).toEqual({ AttributeName: 'expiresAt', Enabled: true });
  });

  it('queues starts for up to 6 hours on the alias, then parks them in the failed-starts queue', () => {
    // Arrange
    const failedStarts = onlyResource(byDefault.template, 'AWS::SQS::Queue', 'AsyncRunsFailedStarts');

    // Act
    const { properties } = onlyResource(byDefault.template, 'AWS::Lambda::EventInvokeConfig', 'AsyncRuns');

    // Assert
    expect(JSON.stringify(properties.Qualifier)).toContain(`{"Ref":"${alias(byDefault).id}"}`);
    expect(properties).toMatchObject({
      MaximumEventAgeInSeconds: 6 * 3_600,
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [failedStarts.id, 'Arn'] } } },
    });
  });

  it('lets the API function start runs through the alias only: not the bare function, not $LATEST, not a version', () => {
    // Arrange
    const { id: aliasId } = alias(byDefault);
    const { id: functionId } = durableFunction(byDefault);

    // Act
    const invokes = statementsOf(byDefault, 'ImportFunction').filter(({ actions }) =>
      actions.includes('lambda:InvokeFunction'),
    );

    // Assert
    expect(invokes.flatMap(({ resources }) => resources)).toEqual([`\${${aliasId}}`]);
    expect(invokes.flatMap(({ resources }) => resources).some((resource) => resource.includes(functionId))).toBe(false);
  });

  it('lets the durable function checkpoint its own executions only', () => {
    // Arrange
    const { id: functionId } = durableFunction(byDefault);

    // Act
    const checkpoints = statementsOf(byDefault, 'AsyncRuns').filter(({ actions }) =>
      actions.includes('lambda:CheckpointDurableExecution'),
    );

    // Assert
    expect(checkpoints).toEqual([
      expect.objectContaining({
        actions: ['lambda:CheckpointDurableExecution', 'lambda:GetDurableExecutionState'],
        resources: [`\${${functionId}.Arn}:*`],
      }),
    ]);
  });

  it('gives the durable function no way to start runs or touch the idempotency table', () => {
    // Arrange
    const idempotency = onlyResource(byDefault.template, 'AWS::DynamoDB::Table', 'Idempotency');

    // Act
    const grants = statementsOf(byDefault, 'AsyncRuns');

    // Assert
    expect(grants.some(({ actions }) => actions.includes('lambda:InvokeFunction'))).toBe(false);
    expect(grants.some(({ resources }) => resources.some((resource) => resource.includes(idempotency.id)))).toBe(false);
  });

  it('refuses an asyncConcurrency of 0 at synth', () => {
    // Act
    const synth = () => synthStack({ asyncConcurrency: '0' });

    // Assert
    expect(synth).toThrow(/asyncConcurrency: must be at least 1/);
  });
});
