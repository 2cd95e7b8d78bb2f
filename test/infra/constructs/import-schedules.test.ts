import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iamStatements } from '../support/iam-statements';
import { aScheduleEntry } from '../support/schedule-entry';
import { onlyResource, type SynthesizedStack, synthStack } from '../support/synth-stack';

const SCHEDULES = [
  aScheduleEntry(),
  aScheduleEntry({
    name: 'hourly-sync',
    expression: 'rate(1 hour)',
    timezone: undefined,
    contactListId: 7,
    importJobId: 9,
    customEvents: undefined,
    flexibleWindowMinutes: 15,
  }),
];

describe('ImportSchedules', () => {
  let withSchedules: SynthesizedStack;
  let without: SynthesizedStack;

  beforeAll(() => {
    withSchedules = synthStack({ schedules: SCHEDULES });
    without = synthStack();
  });

  afterAll(() => {
    withSchedules.cleanUp();
    without.cleanUp();
  });

  const scheduleNamed = (name: string): Record<string, any> => {
    const found = Object.values(withSchedules.template.findResources('AWS::Scheduler::Schedule')).find(
      ({ Properties }) => Properties.Name === name,
    );
    if (found === undefined) throw new Error(`No schedule named ${name}.`);
    return found.Properties;
  };

  const queueIdOf = (schedule: Record<string, any>): string => schedule.Target.DeadLetterConfig.Arn['Fn::GetAtt'][0];

  it('creates one schedule per context entry, named as the entry', () => {
    // Act
    const names = Object.values(withSchedules.template.findResources('AWS::Scheduler::Schedule')).map(
      ({ Properties }) => Properties.Name,
    );

    // Assert
    expect(names.toSorted()).toEqual(['hourly-sync', 'nightly-welcome']);
  });

  it("sends the handler the schedule input, with Scheduler's context attributes", () => {
    // Act
    const input = scheduleNamed('nightly-welcome').Target.Input;

    // Assert
    expect(input).toBe(
      '{"source":"schedule","scheduleName":"nightly-welcome","scheduledTime":"<aws.scheduler.scheduled-time>","attemptNumber":"<aws.scheduler.attempt-number>","contactListId":1,"importJobId":2,"customEvents":["SendWelcomeEmail"]}',
    );
  });

  it('sends an empty event list for an entry without events', () => {
    // Act
    const input = JSON.parse(scheduleNamed('hourly-sync').Target.Input as string);

    // Assert
    expect(input).toMatchObject({ scheduleName: 'hourly-sync', contactListId: 7, importJobId: 9, customEvents: [] });
  });

  it('lets Scheduler start a run within the flexible window an entry sets', () => {
    // Act
    const window = scheduleNamed('hourly-sync').FlexibleTimeWindow;

    // Assert
    expect(window).toEqual({ Mode: 'FLEXIBLE', MaximumWindowInMinutes: 15 });
  });

  it('starts a run at the scheduled time when the entry sets no window', () => {
    // Act
    const window = scheduleNamed('nightly-welcome').FlexibleTimeWindow;

    // Assert
    expect(window).toEqual({ Mode: 'OFF' });
  });

  it('targets the import function', () => {
    // Arrange
    const { id: functionId } = onlyResource(withSchedules.template, 'AWS::Lambda::Function', 'ImportFunction');

    // Act
    const { Arn } = scheduleNamed('nightly-welcome').Target;

    // Assert
    expect(Arn).toEqual({ 'Fn::GetAtt': [functionId, 'Arn'] });
  });

  it('uses the expression and time zone as given', () => {
    // Act
    const schedule = scheduleNamed('nightly-welcome');

    // Assert
    expect(schedule).toMatchObject({
      ScheduleExpression: 'cron(0 2 * * ? *)',
      ScheduleExpressionTimezone: 'Europe/Dublin',
    });
  });

  it('evaluates in UTC when the entry gives no time zone', () => {
    // Act
    const schedule = scheduleNamed('hourly-sync');

    // Assert
    expect(schedule).toMatchObject({ ScheduleExpression: 'rate(1 hour)', ScheduleExpressionTimezone: 'Etc/UTC' });
  });

  it('retries delivery 3 times within an hour', () => {
    // Act
    const { RetryPolicy } = scheduleNamed('nightly-welcome').Target;

    // Assert
    expect(RetryPolicy).toEqual({ MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 });
  });

  it('parks undelivered occurrences in an encrypted, TLS-only dead-letter queue shared by the schedules', () => {
    // Arrange
    const queueId = queueIdOf(scheduleNamed('nightly-welcome'));
    const queue = withSchedules.template.findResources('AWS::SQS::Queue')[queueId];

    // Act
    const [policy] = Object.values(
      withSchedules.template.findResources('AWS::SQS::QueuePolicy', { Properties: { Queues: [{ Ref: queueId }] } }),
    );

    // Assert
    expect(queueIdOf(scheduleNamed('hourly-sync'))).toBe(queueId);
    expect(queue?.Properties).toMatchObject({ SqsManagedSseEnabled: true });
    expect(policy?.Properties.PolicyDocument.Statement).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
  });

  it("puts the schedules in a group of the stack's own, created first", () => {
    // Arrange
    const { id: groupId, properties: group } = onlyResource(withSchedules.template, 'AWS::Scheduler::ScheduleGroup');

    // Act
    const schedules = Object.values(withSchedules.template.findResources('AWS::Scheduler::Schedule'));

    // Assert
    for (const schedule of schedules) {
      expect(schedule.Properties.GroupName).toBe(group.Name);
      expect(schedule.DependsOn).toContain(groupId);
    }
  });

  it('invokes through a role only Scheduler can assume, for this account and group', () => {
    // Arrange
    const { id: groupId } = onlyResource(withSchedules.template, 'AWS::Scheduler::ScheduleGroup');
    const roleId = scheduleNamed('nightly-welcome').Target.RoleArn['Fn::GetAtt'][0] as string;

    // Act
    const role = withSchedules.template.findResources('AWS::IAM::Role')[roleId];

    // Assert
    expect(role?.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      expect.objectContaining({
        Principal: { Service: 'scheduler.amazonaws.com' },
        Condition: {
          StringEquals: {
            'aws:SourceAccount': { Ref: 'AWS::AccountId' },
            'aws:SourceArn': { 'Fn::GetAtt': [groupId, 'Arn'] },
          },
        },
      }),
    ]);
  });

  it('lets that role invoke the function and write the dead-letter queue, nothing else', () => {
    // Arrange
    const roleId = scheduleNamed('nightly-welcome').Target.RoleArn['Fn::GetAtt'][0] as string;
    const { id: functionId } = onlyResource(withSchedules.template, 'AWS::Lambda::Function', 'ImportFunction');
    const queueId = queueIdOf(scheduleNamed('nightly-welcome'));
    const [policyId] = Object.keys(
      withSchedules.template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: roleId }] } }),
    );

    // Act
    const grants = iamStatements(withSchedules.template).filter(({ policy }) => policy === policyId);

    // Assert
    expect(grants.map(({ actions, resources }) => ({ actions, resources }))).toEqual([
      { actions: ['lambda:InvokeFunction'], resources: [`\${${functionId}.Arn}`, `\${${functionId}.Arn}:*`] },
      { actions: ['sqs:SendMessage'], resources: [`\${${queueId}.Arn}`] },
    ]);
  });

  it('creates no schedule, group, role or schedule queue when the context has no schedules', () => {
    // Act
    const schedulerResources = Object.values(
      without.template.toJSON().Resources as Record<string, { Type: string }>,
    ).filter(({ Type }) => Type.startsWith('AWS::Scheduler::'));

    // Assert
    expect(schedulerResources).toEqual([]);
    expect(
      Object.keys(without.template.findResources('AWS::SQS::Queue')).filter((id) => id.startsWith('Schedules')),
    ).toEqual([]);
  });
});
