import { Stack } from 'aws-cdk-lib';
import type { Stage } from 'aws-cdk-lib/aws-apigateway';
import { CfnWebACL, CfnWebACLAssociation } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';

/**
 * Requests one source IP may send in five minutes (about 5 a second on average) before WAF
 * refuses it for a while: above a busy webhook sender, below what it takes to flood the API.
 */
const REQUESTS_PER_IP_PER_5_MINUTES = 1500;

/**
 * What a caller over the per-IP rate gets: a problem it can act on, and when to come back. WAF
 * answers it itself, before API Gateway: the body cannot carry the request id, and its
 * Content-Type is the body's type, `application/json` (WAF allows no other).
 */
const RATE_LIMITED = {
  status: 429,
  retryAfterSeconds: 60,
  bodyKey: 'rateLimited',
  body: JSON.stringify({
    type: 'about:blank',
    title: 'Too Many Requests',
    status: 429,
    detail: 'Too many requests from this address; retry later.',
    requestId: null,
  }),
} as const;

/**
 * The managed common rule set, but for its 8 KB body limit: the routes take bodies up to 64 KiB
 * and refuse larger ones themselves (413), so that rule only counts.
 */
const COMMON_RULE_SET = { name: 'AWSManagedRulesCommonRuleSet', countOnly: ['SizeRestrictions_BODY'] } as const;

const visibility = (metricName: string): CfnWebACL.VisibilityConfigProperty => ({
  cloudWatchMetricsEnabled: true,
  metricName,
  sampledRequestsEnabled: true,
});

interface StageFirewallProps {
  readonly stage: Stage;
}

/**
 * An AWS WAF web ACL on the API stage (opt-in, `-c waf=true`, since it adds a monthly charge): a
 * rate-based rule per source IP, answered 429 with `Retry-After`, and the AWS managed common rule
 * set, whose blocks API Gateway answers with its WAF_FILTERED response (problem+json 403).
 */
class StageFirewall extends Construct {
  readonly webAcl: CfnWebACL;

  constructor(scope: Construct, id: string, props: StageFirewallProps) {
    super(scope, id);
    const prefix = Stack.of(this).stackName;
    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      scope: 'REGIONAL',
      description: 'Which50 import webhook: per-IP rate limit and the AWS managed common rule set.',
      defaultAction: { allow: {} },
      visibilityConfig: visibility(`${prefix}-waf`),
      customResponseBodies: {
        [RATE_LIMITED.bodyKey]: { contentType: 'APPLICATION_JSON', content: RATE_LIMITED.body },
      },
      rules: [
        {
          name: 'RateLimitPerSourceIp',
          priority: 0,
          statement: {
            rateBasedStatement: {
              limit: REQUESTS_PER_IP_PER_5_MINUTES,
              evaluationWindowSec: 300,
              aggregateKeyType: 'IP',
            },
          },
          action: {
            block: {
              customResponse: {
                responseCode: RATE_LIMITED.status,
                customResponseBodyKey: RATE_LIMITED.bodyKey,
                responseHeaders: [{ name: 'Retry-After', value: String(RATE_LIMITED.retryAfterSeconds) }],
              },
            },
          },
          visibilityConfig: visibility(`${prefix}-rate-limit-per-ip`),
        },
        {
          name: COMMON_RULE_SET.name,
          priority: 1,
          overrideAction: { none: {} },
          statement: {
            managedRuleGroupStatement: {
              vendorName: 'AWS',
              name: COMMON_RULE_SET.name,
              ruleActionOverrides: COMMON_RULE_SET.countOnly.map((name) => ({ name, actionToUse: { count: {} } })),
            },
          },
          visibilityConfig: visibility(`${prefix}-common-rule-set`),
        },
      ],
    });
    new CfnWebACLAssociation(this, 'Association', {
      resourceArn: props.stage.stageArn,
      webAclArn: this.webAcl.attrArn,
    });
  }
}

export { StageFirewall };
