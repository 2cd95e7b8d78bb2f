import { Duration, Stack, TimeZone, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { CfnFunction, IFunction } from 'aws-cdk-lib/aws-lambda';
import {
  ContextAttribute,
  Schedule,
  ScheduleExpression,
  ScheduleGroup,
  ScheduleTargetInput,
  TimeWindow,
} from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { ImportSchedule } from '../schedules-context';
import { createDeadLetterQueue } from './dead-letter-queue';

/** How long and how often Scheduler keeps trying to hand an occurrence to Lambda. */
const DELIVERY_RETRY = { attempts: 3, maxEventAge: Duration.hours(1) } as const;

/**
 * What the function receives. `scheduledTime` is the same for every retry of one occurrence, so
 * with the schedule's name it keys idempotency; Scheduler fills in the context attributes.
 */
const scheduleInput = (schedule: ImportSchedule) =>
  ScheduleTargetInput.fromObject({
    source: 'schedule',
    scheduleName: schedule.name,
    scheduledTime: ContextAttribute.scheduledTime,
    attemptNumber: ContextAttribute.attemptNumber,
    contactListId: schedule.contactListId,
    importJobId: schedule.importJobId,
    customEvents: schedule.customEvents,
  });

/** The role Scheduler assumes, only on behalf of this stack's schedule group (no confused deputy). */
const createInvokeRole = (scope: Construct, group: ScheduleGroup): Role =>
  new Role(scope, 'InvokeRole', {
    description: "Lets this stack's schedules invoke the Which50 import function and park undelivered occurrences.",
    assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
      conditions: {
        StringEquals: { 'aws:SourceAccount': Stack.of(scope).account, 'aws:SourceArn': group.scheduleGroupArn },
      },
    }),
  });

/** Off unless the entry sets a window: then Scheduler spreads the start over up to that many minutes. */
const timeWindowOf = ({ flexibleWindowMinutes }: ImportSchedule): TimeWindow =>
  flexibleWindowMinutes === undefined ? TimeWindow.off() : TimeWindow.flexible(Duration.minutes(flexibleWindowMinutes));

const expressionOf = ({ expression, timezone }: ImportSchedule): ScheduleExpression =>
  ScheduleExpression.expression(expression, timezone === undefined ? undefined : TimeZone.of(timezone));

interface ImportSchedulesProps {
  readonly schedules: readonly ImportSchedule[];
  readonly handler: IFunction;
  /** What the dead-letter queue holds, in words, for its acknowledgment and alarm. */
  readonly undeliveredDescription: string;
}

/**
 * One EventBridge Scheduler schedule per `schedules` entry, in a group of this stack's own so that
 * names cannot clash with another deployment's. Occurrences Scheduler could not deliver land in a
 * dead-letter queue; runs that fail inside the function are handled by its async configuration.
 */
class ImportSchedules extends Construct {
  /** Present when there is at least one schedule. */
  readonly deadLetterQueue?: Queue;

  constructor(scope: Construct, id: string, props: ImportSchedulesProps) {
    super(scope, id);
    if (props.schedules.length === 0) return;
    const group = new ScheduleGroup(this, 'Group');
    const deadLetterQueue = createDeadLetterQueue(this, 'DeadLetterQueue', props.undeliveredDescription);
    this.deadLetterQueue = deadLetterQueue;
    const role = createInvokeRole(this, group);
    for (const schedule of props.schedules) {
      const created = new Schedule(this, schedule.name, {
        scheduleName: schedule.name,
        scheduleGroup: group,
        description: `Runs Which50 import job ${schedule.importJobId} of contact list ${schedule.contactListId}.`,
        schedule: expressionOf(schedule),
        timeWindow: timeWindowOf(schedule),
        target: new LambdaInvoke(props.handler, {
          input: scheduleInput(schedule),
          role,
          retryAttempts: DELIVERY_RETRY.attempts,
          maxEventAge: DELIVERY_RETRY.maxEventAge,
          deadLetterQueue,
        }),
      });
      // The group is referenced by name only, which CloudFormation does not order by itself.
      created.node.addDependency(group);
    }
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(props.handler.node.defaultChild as CfnFunction)}.Arn>:*]`,
      reason:
        'Added by the LambdaInvoke target\'s grantInvoke: "<function ARN>:*" matches only the qualified ARNs (versions and aliases) of this one function, next to its unqualified ARN; no other function is reachable.',
    });
  }
}

export { ImportSchedules };
