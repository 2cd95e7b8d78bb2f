import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table } from 'aws-cdk-lib/aws-dynamodb';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

/** The actions Powertools Idempotency performs on its table, and nothing more. */
const IDEMPOTENCY_ACTIONS = ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'];

/**
 * Where retried deliveries are recognized: one item per idempotency key, in the layout Powertools
 * Idempotency expects (`id` key, `expiration` TTL). On-demand, so an idle table costs only its
 * storage. Its items are short-lived markers (24 h), so the table goes with the stack.
 */
class IdempotencyTable extends Construct {
  readonly table: Table;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.table = new Table(this, 'Table', {
      partitionKey: { name: 'id', type: AttributeType.STRING },
      timeToLiveAttribute: 'expiration',
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy: RemovalPolicy.DESTROY,
    });
  }

  /** Lets `grantee` keep idempotency records, without scan, query or batch access. */
  grantRecordKeeping(grantee: IGrantable): void {
    this.table.grant(grantee, ...IDEMPOTENCY_ACTIONS);
  }
}

export { IdempotencyTable };
