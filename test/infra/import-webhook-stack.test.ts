import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Validations } from 'aws-cdk-lib';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createImportWebhookApp } from '../../infra/import-webhook-app';
import { type AllowedWildcard, iamStatements, unjustifiedWildcards } from './support/iam-statements';
import { aScheduleEntry } from './support/schedule-entry';
import { cdkJsonContext, onlyResource, PROJECT_ROOT, type SynthesizedStack, synthStack } from './support/synth-stack';

/** Wildcards AWS itself requires, each with the reason it cannot be narrower. */
const WILDCARDS_AWS_REQUIRES: readonly AllowedWildcard[] = [
  {
    action: 'lambda:InvokeFunction',
    resource: /^\$\{ImportFunction\w+\.Arn\}:\*$/,
    why: 'the qualified ARNs (versions, aliases) of the one function, added by grantInvoke',
  },
  ...['lambda:CheckpointDurableExecution', 'lambda:GetDurableExecutionState'].map((action) => ({
    action,
    resource: /^\$\{AsyncRunsFunction\w+\.Arn\}:\*$/,
    why: "a durable execution's ARN extends a version of the one function; only a qualifier pattern matches it",
  })),
  ...['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'].map((action) => ({
    action,
    resource: /:secret:[\w/+=.@-]+-\?{6}$/,
    why: 'a secret imported by name: Secrets Manager appends six random characters to its ARN',
  })),
];

/** Every cdk-nag acknowledgment recorded under `scope`, as rule id and reason. */
const acknowledgmentsUnder = (scope: IConstruct): { id: string; reason: string }[] =>
  scope.node
    .findAll()
    .flatMap((construct) => construct.node.metadata)
    .filter(({ type }) => type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
    .flatMap(({ data }) => Object.entries(data as Record<string, string>))
    .map(([id, reason]) => ({ id: id.replace(/^annotation::/i, ''), reason }));

describe('ImportWebhookStack', () => {
  let full: SynthesizedStack;
  let byName: SynthesizedStack;

  beforeAll(() => {
    full = synthStack(
      { schedules: [aScheduleEntry()], alarmEmail: 'ops@example.com', reservedConcurrency: 3 },
      { cloudFormationValidation: true },
    );
    byName = synthStack({ secretName: 'which50/prod' });
  });

  afterAll(() => {
    full.cleanUp();
    byName.cleanUp();
  });

  describe('CloudFormation validation', () => {
    it('passes the checks cdk synth runs on the template, with nothing to report', () => {
      // Act
      const report = JSON.parse(readFileSync(path.join(full.outdir, 'validation-report.json'), 'utf8'));

      // Assert
      expect(report.pluginReports.flatMap((plugin: { violations: unknown[] }) => plugin.violations)).toEqual([]);
    });
  });

  describe('outputs', () => {
    it('outputs the API URL (stage included), the secret, the log groups and the dashboard, once each', () => {
      // Arrange
      const { id: apiId } = onlyResource(full.template, 'AWS::ApiGateway::RestApi');
      const { id: stageId } = onlyResource(full.template, 'AWS::ApiGateway::Stage');

      // Act
      const outputs = full.template.toJSON().Outputs as Record<string, { Value: unknown }>;

      // Assert
      expect(Object.keys(outputs).toSorted()).toEqual([
        'AccessLogGroupName',
        'ApiUrl',
        'AsyncRunsLogGroupName',
        'DashboardUrl',
        'FunctionLogGroupName',
        'SecretArn',
      ]);
      expect(JSON.stringify(outputs.ApiUrl?.Value)).toMatch(
        new RegExp(`"https://",\\{"Ref":"${apiId}"\\},".execute-api.".*\\{"Ref":"${stageId}"\\},"/"`),
      );
    });

    it('names the log groups the function and the API write to, for aws logs tail', () => {
      // Arrange
      const { properties } = onlyResource(full.template, 'AWS::Lambda::Function', 'ImportFunction');
      const accessLogs = onlyResource(full.template, 'AWS::ApiGateway::Stage').properties.AccessLogSetting;

      // Act
      const outputs = full.template.toJSON().Outputs as Record<string, { Value: unknown }>;

      // Assert
      expect(outputs.FunctionLogGroupName?.Value).toEqual(properties.LoggingConfig.LogGroup);
      expect(JSON.stringify(accessLogs.DestinationArn)).toContain(JSON.stringify(outputs.AccessLogGroupName?.Value));
    });
  });

  describe('IAM', () => {
    it.each([
      ['schedules, alarms and a created secret', () => full],
      ['a secret imported by name', () => byName],
    ])('grants no wildcard beyond what AWS requires, with %s', (_case, fixture) => {
      // Arrange
      const statements = iamStatements(fixture().template);

      // Act
      const findings = unjustifiedWildcards(statements, WILDCARDS_AWS_REQUIRES);

      // Assert
      expect(statements.length).toBeGreaterThan(0);
      expect(findings).toEqual([]);
    });

    it('finds a wildcard grant when there is one, so the check above can fail', () => {
      // Arrange
      const statements = [
        { policy: 'P', effect: 'Allow', actions: ['s3:GetObject'], resources: ['arn:aws:s3:::bucket/*'] },
      ];

      // Act
      const findings = unjustifiedWildcards(statements, WILDCARDS_AWS_REQUIRES);

      // Assert
      expect(findings).toEqual([{ policy: 'P', resource: 'arn:aws:s3:::bucket/*' }]);
    });

    it('attaches an AWS managed policy only to the role API Gateway uses for its logs', () => {
      // Act
      const withManaged = Object.entries(full.template.findResources('AWS::IAM::Role'))
        .filter(([, role]) => role.Properties.ManagedPolicyArns !== undefined)
        .map(([, role]) => ({
          principal: role.Properties.AssumeRolePolicyDocument.Statement[0].Principal,
          arns: JSON.stringify(role.Properties.ManagedPolicyArns),
        }));

      // Assert
      expect(withManaged).toEqual([
        {
          principal: { Service: 'apigateway.amazonaws.com' },
          arns: expect.stringContaining('AmazonAPIGatewayPushToCloudWatchLogs'),
        },
      ]);
    });
  });

  describe('cdk-nag AwsSolutions', () => {
    it.each([
      ['schedules, alarms and a created secret', () => full],
      ['a secret imported by name', () => byName],
    ])('has no unacknowledged finding, with %s', (_case, fixture) => {
      // Act
      const report = new AwsSolutionsChecks().validateScope(fixture().stack);

      // Assert
      expect(report.violations).toEqual([]);
      expect(report.success).toBe(true);
    });

    it('acknowledges only the reviewed findings', () => {
      // Act
      const ids = new Set(acknowledgmentsUnder(full.stack).map(({ id }) => id));

      // Assert
      expect([...ids].toSorted()).toEqual(
        [
          'AwsSolutions-APIG2',
          'AwsSolutions-APIG3',
          'AwsSolutions-APIG4',
          'AwsSolutions-COG4',
          'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
          'AwsSolutions-IAM5[Resource::<AsyncRunsFunction46B3221E.Arn>:*]',
          'AwsSolutions-IAM5[Resource::<ImportFunctionB56ABD02.Arn>:*]',
          'AwsSolutions-SMG4',
          'AwsSolutions-SNS2',
          'AwsSolutions-SQS3',
        ].toSorted(),
      );
    });

    it('gives every acknowledgment a specific reason, not a shrug', () => {
      // Act
      const vague = acknowledgmentsUnder(full.stack).filter(({ reason }) => reason.length < 100);

      // Assert
      expect(vague).toEqual([]);
    });

    it('stops the synth on a finding nobody acknowledged', () => {
      // Arrange
      const { app, stack } = createImportWebhookApp({
        outdir: path.join(full.outdir, 'unacknowledged'),
        context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [] },
      });
      new Queue(stack, 'PlainQueue');

      // Act & Assert
      expect(() => app.synth()).toThrow(/AwsSolutions-SQS4/);
    });
  });

  describe('stage', () => {
    it('names the stack after the stage, prod by default', () => {
      // Act & Assert
      expect(full.stack.stackName).toBe('Which50ImportWebhook-prod');
    });

    it('deploys another stage as a stack of its own beside prod', () => {
      // Arrange
      const dev = synthStack({ stage: 'dev' });

      // Act
      const names = dev.assembly.stacks.map(({ stackName }) => stackName);
      dev.cleanUp();

      // Assert
      expect(names).toEqual(['Which50ImportWebhook-dev']);
    });
  });

  describe('teardown', () => {
    it('keeps the log groups (they expire by retention) and the created secret, and drops the rest', () => {
      // Act
      const policies = Object.entries(
        full.template.toJSON().Resources as Record<string, { Type: string; DeletionPolicy?: string }>,
      )
        .filter(([, { Type }]) =>
          ['AWS::Logs::LogGroup', 'AWS::DynamoDB::Table', 'AWS::SecretsManager::Secret', 'AWS::SQS::Queue'].includes(
            Type,
          ),
        )
        .map(([, { Type, DeletionPolicy }]) => `${Type} ${DeletionPolicy}`);

      // Assert
      expect(new Set(policies)).toEqual(
        new Set([
          'AWS::Logs::LogGroup Retain',
          'AWS::DynamoDB::Table Delete',
          'AWS::SecretsManager::Secret Retain',
          'AWS::SQS::Queue Delete',
        ]),
      );
    });
  });
});

describe('cdk.json', () => {
  const cdkJson = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'cdk.json'), 'utf8')) as Record<string, any>;

  it('runs the one CDK app with tsx', () => {
    // Act
    const { app } = cdkJson;

    // Assert
    expect(app).toBe('npx tsx infra/app.ts');
  });

  it('keeps the CLI off the network: no telemetry, no notices, no version reporting', () => {
    // Act
    const { context, notices, versionReporting } = cdkJson;

    // Assert
    expect(context['cli-telemetry']).toBe(false);
    expect(notices).toBe(false);
    expect(versionReporting).toBe(false);
  });

  it('turns on every feature flag aws-cdk-lib recommends', () => {
    // Arrange
    const recommended = JSON.parse(
      readFileSync(path.join(PROJECT_ROOT, 'node_modules/aws-cdk-lib/recommended-feature-flags.json'), 'utf8'),
    ) as Record<string, unknown>;

    // Act
    const { context } = cdkJson;

    // Assert
    expect(context).toMatchObject(recommended);
  });
});
