import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table } from 'aws-cdk-lib/aws-dynamodb';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

/** What the run records need: a conditional create, reads and updates; no scan, query or batch. */
const RUN_RECORD_ACTIONS = ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'];

/**
 * Where async runs are kept for `GET /runs/{runId}` and for duplicates: one item per run id, with
 * `expiresAt` as its TTL. On-demand, so an idle table costs only its storage; its items outlive
 * their runs by days only, so the table goes with the stack.
 */
class RunsTable extends Construct {
  readonly table: Table;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.table = new Table(this, 'Table', {
      partitionKey: { name: 'runId', type: AttributeType.STRING },
      timeToLiveAttribute: 'expiresAt',
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy: RemovalPolicy.DESTROY,
    });
  }

  /** Lets `grantee` create, read and update run records. */
  grantRecordKeeping(grantee: IGrantable): void {
    this.table.grant(grantee, ...RUN_RECORD_ACTIONS);
  }
}

export { RunsTable };
