import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onlyResource, type SynthesizedStack, synthStack } from '../support/synth-stack';

/** The reasons recorded anywhere in the stack for acknowledging cdk-nag's "no WAF" rule. */
const noWafReasons = (synthesized: SynthesizedStack): string[] =>
  synthesized.stack.node
    .findAll()
    .flatMap((construct) => construct.node.metadata)
    .filter(({ type }) => type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
    .flatMap(({ data }) => Object.entries(data as Record<string, string>))
    .filter(([id]) => id.endsWith('AwsSolutions-APIG3'))
    .map(([, reason]) => reason);

describe('StageFirewall', () => {
  let withWaf: SynthesizedStack;
  let withoutWaf: SynthesizedStack;

  beforeAll(() => {
    withWaf = synthStack({ waf: 'true' }, { cloudFormationValidation: true });
    withoutWaf = synthStack();
  });

  afterAll(() => {
    withWaf.cleanUp();
    withoutWaf.cleanUp();
  });

  const rules = () => onlyResource(withWaf.template, 'AWS::WAFv2::WebACL').properties.Rules as Record<string, any>[];

  it('passes the CloudFormation checks cdk synth runs on the template', () => {
    // Act
    const report = JSON.parse(readFileSync(path.join(withWaf.outdir, 'validation-report.json'), 'utf8'));

    // Assert
    expect(report.pluginReports.flatMap((plugin: { violations: unknown[] }) => plugin.violations)).toEqual([]);
  });

  it('is opt-in: no web ACL unless the context asks for one', () => {
    // Act & Assert
    withoutWaf.template.resourceCountIs('AWS::WAFv2::WebACL', 0);
    withoutWaf.template.resourceCountIs('AWS::WAFv2::WebACLAssociation', 0);
  });

  it('puts a regional web ACL that allows by default on the API stage', () => {
    // Arrange
    const { id: webAclId, properties } = onlyResource(withWaf.template, 'AWS::WAFv2::WebACL');
    const { id: stageId } = onlyResource(withWaf.template, 'AWS::ApiGateway::Stage');

    // Act
    const { properties: association } = onlyResource(withWaf.template, 'AWS::WAFv2::WebACLAssociation');

    // Assert
    expect(properties).toMatchObject({ Scope: 'REGIONAL', DefaultAction: { Allow: {} } });
    expect(association.WebACLArn).toEqual({ 'Fn::GetAtt': [webAclId, 'Arn'] });
    expect(JSON.stringify(association.ResourceArn)).toContain(`{"Ref":"${stageId}"}`);
  });

  it('limits each source IP, answering 429 problem+json with Retry-After beyond the limit', () => {
    // Arrange
    const { properties } = onlyResource(withWaf.template, 'AWS::WAFv2::WebACL');
    const rule = rules().find(({ Statement }) => Statement.RateBasedStatement !== undefined)!;
    const response = rule.Action.Block.CustomResponse;

    // Act
    const body = JSON.parse(properties.CustomResponseBodies[response.CustomResponseBodyKey].Content);

    // Assert
    expect(rule.Statement.RateBasedStatement).toMatchObject({ AggregateKeyType: 'IP', EvaluationWindowSec: 300 });
    expect(rule.Statement.RateBasedStatement.Limit).toBeGreaterThanOrEqual(100);
    expect(response.ResponseCode).toBe(429);
    expect(response.ResponseHeaders).toEqual([{ Name: 'Retry-After', Value: expect.stringMatching(/^\d+$/) }]);
    expect(body).toMatchObject({ type: 'about:blank', title: 'Too Many Requests', status: 429 });
  });

  it('applies the AWS managed common rule set, counting only its 8 KB body rule (bodies may reach 64 KiB)', () => {
    // Act
    const rule = rules().find(({ Statement }) => Statement.ManagedRuleGroupStatement !== undefined)!;

    // Assert
    expect(rule.OverrideAction).toEqual({ None: {} });
    expect(rule.Statement.ManagedRuleGroupStatement).toEqual({
      VendorName: 'AWS',
      Name: 'AWSManagedRulesCommonRuleSet',
      RuleActionOverrides: [{ Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } }],
    });
  });

  it('keeps metrics and sampled requests for the ACL and each rule', () => {
    // Arrange
    const { properties } = onlyResource(withWaf.template, 'AWS::WAFv2::WebACL');

    // Act
    const visibility = [properties, ...rules()].map(({ VisibilityConfig }) => VisibilityConfig);

    // Assert
    for (const config of visibility) {
      expect(config).toMatchObject({ CloudWatchMetricsEnabled: true, SampledRequestsEnabled: true });
    }
  });

  it('satisfies cdk-nag without the "no WAF" acknowledgment when the ACL is there', () => {
    // Act
    const report = new AwsSolutionsChecks().validateScope(withWaf.stack);

    // Assert
    expect(report.violations).toEqual([]);
    expect(noWafReasons(withWaf)).toEqual([]);
  });

  it('says, when there is no ACL, that it is opt-in and what bounds abuse instead', () => {
    // Act
    const reasons = noWafReasons(withoutWaf);

    // Assert
    expect(reasons).toEqual([expect.stringContaining('-c waf=true')]);
    expect(reasons[0]).toContain('reserved concurrency of 10');
  });
});
