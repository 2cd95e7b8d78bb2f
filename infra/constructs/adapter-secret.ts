import { RemovalPolicy, SecretValue, Validations } from 'aws-cdk-lib';
import { type ISecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { SecretSetting } from '../stack-settings';

/**
 * The value a created secret starts with: the shape the function reads, with values nobody could
 * mistake for real ones. `inbound` enables no scheme on purpose: until an operator puts real keys,
 * every protected route answers 401, so a published placeholder can never open the API.
 */
const PLACEHOLDER_SECRET = {
  which50: {
    baseUrl: 'https://app.which50.com/Which50API',
    auth: { scheme: 'bearer', token: 'REPLACE-WITH-THE-WHICH50-API-TOKEN' },
  },
  inbound: { apiKeys: [] },
} as const;

const createPlaceholderSecret = (scope: Construct): Secret => {
  const secret = new Secret(scope, 'Secret', {
    description:
      'Which50 import webhook: upstream credential and inbound API keys / webhook secrets (placeholder until set with put-secret-value).',
    secretStringValue: SecretValue.unsafePlainText(JSON.stringify(PLACEHOLDER_SECRET)),
    // Kept when the stack is deleted or the secret replaced: it holds credentials nobody can mint again.
    removalPolicy: RemovalPolicy.RETAIN,
  });
  Validations.of(secret).acknowledge({
    id: 'AwsSolutions-SMG4',
    reason:
      'The secret holds credentials issued by Which50 and by webhook senders; no rotation function can mint them. They are rotated by put-secret-value, without downtime because inbound.apiKeys is a list and the function re-reads the secret on an upstream 401.',
  });
  return secret;
};

/**
 * The one secret the function reads. An existing secret is imported when the context names one;
 * otherwise the stack creates a placeholder for the operator to fill in, which outlives the stack
 * (`cdk destroy` leaves it; docs/deploy.md says how to delete it).
 */
class AdapterSecret extends Construct {
  readonly secret: ISecret;
  /** What the function passes to GetSecretValue: the ARN, or the name when imported by name. */
  readonly secretId: string;

  constructor(scope: Construct, id: string, setting: SecretSetting) {
    super(scope, id);
    switch (setting.kind) {
      case 'arn':
        this.secret = Secret.fromSecretCompleteArn(this, 'Secret', setting.arn);
        this.secretId = setting.arn;
        break;
      case 'name':
        this.secret = Secret.fromSecretNameV2(this, 'Secret', setting.name);
        this.secretId = setting.name;
        break;
      case 'create':
        this.secret = createPlaceholderSecret(this);
        this.secretId = this.secret.secretArn;
        break;
    }
  }
}

export { AdapterSecret, PLACEHOLDER_SECRET };
