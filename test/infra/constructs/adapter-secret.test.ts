import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAdapterSecret } from '../../../lambda/secrets/adapter-secret';
import { iamStatements } from '../support/iam-statements';
import { onlyResource, type SynthesizedStack, synthStack } from '../support/synth-stack';

const A_SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:which50/prod-AbC123';
const A_SECRET_NAME = 'which50/prod';

const functionVariables = (synthesized: SynthesizedStack): Record<string, unknown> =>
  onlyResource(synthesized.template, 'AWS::Lambda::Function', 'ImportFunction').properties.Environment.Variables;

/** The resources the API function's role may read secrets from. */
const secretReads = (synthesized: SynthesizedStack): string[] =>
  iamStatements(synthesized.template)
    .filter(
      ({ policy, actions }) => policy.startsWith('ImportFunction') && actions.includes('secretsmanager:GetSecretValue'),
    )
    .flatMap(({ resources }) => resources);

describe('AdapterSecret', () => {
  let created: SynthesizedStack;
  let byName: SynthesizedStack;
  let byArn: SynthesizedStack;

  beforeAll(() => {
    created = synthStack();
    byName = synthStack({ secretName: A_SECRET_NAME });
    byArn = synthStack({ secretArn: A_SECRET_ARN });
  });

  afterAll(() => {
    for (const synthesized of [created, byName, byArn]) synthesized.cleanUp();
  });

  describe('when the context names no secret', () => {
    it('creates one whose placeholder has the shape the function reads', () => {
      // Arrange
      const { properties } = onlyResource(created.template, 'AWS::SecretsManager::Secret');

      // Act
      const parsed = parseAdapterSecret(properties.SecretString as string, { allowHttpUpstream: false });

      // Assert
      expect(parsed.which50.baseUrl.href).toBe('https://app.which50.com/Which50API');
      expect(parsed.which50.auth).toEqual({ scheme: 'bearer', token: expect.stringMatching(/^REPLACE-/) });
    });

    it('lets no caller in until real keys are set: the placeholder enables no inbound scheme', () => {
      // Arrange
      const { properties } = onlyResource(created.template, 'AWS::SecretsManager::Secret');

      // Act
      const { inbound } = parseAdapterSecret(properties.SecretString as string, { allowHttpUpstream: false });

      // Assert
      expect(inbound.apiKeys).toEqual([]);
      expect(inbound.standardWebhooks).toEqual([]);
      expect(inbound.hubSignatures).toEqual([]);
    });

    it('hands the function the created secret and lets it read that one only', () => {
      // Arrange
      const { id } = onlyResource(created.template, 'AWS::SecretsManager::Secret');

      // Act
      const reads = secretReads(created);

      // Assert
      expect(functionVariables(created).SECRET_ID).toEqual({ Ref: id });
      expect(reads).toEqual([`\${${id}}`]);
    });

    it('keeps the created secret when the stack is deleted or the secret replaced', () => {
      // Act
      const [secret] = Object.values(created.template.findResources('AWS::SecretsManager::Secret'));

      // Assert
      expect(secret).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    });

    it("outputs the created secret's ARN", () => {
      // Arrange
      const { id } = onlyResource(created.template, 'AWS::SecretsManager::Secret');

      // Act & Assert
      created.template.hasOutput('SecretArn', { Value: { Ref: id } });
    });
  });

  describe('when the context gives secretName', () => {
    it('creates no secret', () => {
      // Act & Assert
      byName.template.resourceCountIs('AWS::SecretsManager::Secret', 0);
    });

    it('hands the function the name, which GetSecretValue accepts', () => {
      // Act
      const secretId = functionVariables(byName).SECRET_ID;

      // Assert
      expect(secretId).toBe(A_SECRET_NAME);
    });

    it('lets it read that name only, with the six-character suffix Secrets Manager appends', () => {
      // Act
      const reads = secretReads(byName);

      // Assert
      expect(reads).toEqual([
        expect.stringMatching(
          /^arn:\$\{AWS::Partition\}:secretsmanager:\$\{AWS::Region\}:\$\{AWS::AccountId\}:secret:which50\/prod-\?{6}$/,
        ),
      ]);
    });
  });

  describe('when the context gives secretArn', () => {
    it('creates no secret', () => {
      // Act & Assert
      byArn.template.resourceCountIs('AWS::SecretsManager::Secret', 0);
    });

    it('hands the function the ARN and lets it read exactly that ARN', () => {
      // Act
      const reads = secretReads(byArn);

      // Assert
      expect(functionVariables(byArn).SECRET_ID).toBe(A_SECRET_ARN);
      expect(reads).toEqual([A_SECRET_ARN]);
    });

    it("outputs the imported secret's ARN", () => {
      // Act & Assert
      byArn.template.hasOutput('SecretArn', { Value: A_SECRET_ARN });
    });
  });
});
