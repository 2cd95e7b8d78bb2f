import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iamStatements } from '../support/iam-statements';
import { onlyResource, type SynthesizedStack, synthStack } from '../support/synth-stack';

describe('IdempotencyTable', () => {
  let synthesized: SynthesizedStack;

  beforeAll(() => {
    synthesized = synthStack();
  });

  afterAll(() => synthesized.cleanUp());

  const table = () => onlyResource(synthesized.template, 'AWS::DynamoDB::Table', 'Idempotency');

  it('is keyed by the string attribute id, as Powertools Idempotency expects', () => {
    // Act
    const { properties } = table();

    // Assert
    expect(properties.KeySchema).toEqual([{ AttributeName: 'id', KeyType: 'HASH' }]);
    expect(properties.AttributeDefinitions).toEqual([{ AttributeName: 'id', AttributeType: 'S' }]);
  });

  it('expires records through the expiration attribute', () => {
    // Act
    const { properties } = table();

    // Assert
    expect(properties.TimeToLiveSpecification).toEqual({ AttributeName: 'expiration', Enabled: true });
  });

  it('is billed on demand, so an idle table costs only its storage', () => {
    // Act
    const { properties } = table();

    // Assert
    expect(properties.BillingMode).toBe('PAY_PER_REQUEST');
    expect(properties).not.toHaveProperty('ProvisionedThroughput');
  });

  it('has point-in-time recovery', () => {
    // Act
    const { properties } = table();

    // Assert
    expect(properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
  });

  it('goes with the stack, since it holds only day-long idempotency markers', () => {
    // Act
    const [resource] = Object.values(synthesized.template.findResources('AWS::DynamoDB::Table'));

    // Assert
    expect(resource).toMatchObject({ DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete' });
  });

  it('lets the function get, put, update and delete items of this table only', () => {
    // Arrange
    const { id } = table();

    // Act
    const grants = iamStatements(synthesized.template).filter(({ resources }) =>
      resources.some((resource) => resource.includes(id)),
    );

    // Assert
    expect(grants).toEqual([
      expect.objectContaining({
        actions: ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
        resources: [`\${${id}.Arn}`],
      }),
    ]);
  });
});
