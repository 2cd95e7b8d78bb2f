import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAILURE_CLASSES, failedMetricName } from '../../../lambda/observability/failure-class';
import { outcomeLine } from '../../../lambda/observability/invocation-outcome';
import { onlyResource, type SynthesizedStack, synthStack } from '../support/synth-stack';

/** The dashboard's body as one string, tokens (references) included as their JSON. */
const dashboardBodyOf = (synthesized: SynthesizedStack): string =>
  JSON.stringify(onlyResource(synthesized.template, 'AWS::CloudWatch::Dashboard').properties.DashboardBody);

/** The function's log group, by its logical id. */
const functionLogGroupId = (synthesized: SynthesizedStack): string =>
  onlyResource(synthesized.template, 'AWS::Lambda::Function', 'ImportFunction').properties.LoggingConfig.LogGroup
    .Ref as string;

/** The fields a Logs Insights query names after `fields`, without the built-in ones. */
const queriedFields = (query: string): string[] => {
  const fieldsClause = query
    .split('\n')
    .filter((line) => !line.startsWith('#') && !line.startsWith('|'))
    .join(' ');
  return fieldsClause
    .replace(/^\s*fields\s+/, '')
    .split(',')
    .map((field) => field.trim())
    .filter((field) => field !== '' && !field.startsWith('@'));
};

/** Every field name an outcome line can have, with nested ones written as Logs Insights writes them. */
const outcomeLineFields = (): string[] => {
  const { fields } = outcomeLine(
    {
      requestId: 'r',
      awsRequestId: 'a',
      route: 'scheduledRun',
      schedule: 's',
      command: { contactListId: 1, importJobId: 2, customEvents: ['e'] },
      deliveryId: 'd',
      idempotency: 'ran',
      attempts: [{ failure: 'timed-out', ms: 1 }],
      jobStatus: 'j',
      problem: { title: 't', detail: 'd' },
      errorName: 'E',
    },
    { status: 504, elapsedMs: 1 },
    (text) => text,
    { failureClass: 'timeout', failedMetric: 'RunsFailedTimeout', upstreamFailed: true },
  );
  return Object.entries(fields).flatMap(([name, value]) =>
    value !== null && typeof value === 'object' && !Array.isArray(value)
      ? Object.keys(value).map((key) => `${name}.${key}`)
      : [name],
  );
};

describe('OperationsDashboard', () => {
  let synthesized: SynthesizedStack;

  beforeAll(() => {
    synthesized = synthStack();
  });
  afterAll(() => synthesized.cleanUp());

  it('graphs every metric the function emits, under its namespace and service dimension', () => {
    // Arrange
    const names = [
      'RunsRequested',
      'RunsSucceeded',
      'RunsReplayed',
      'RunsFailed',
      'UpstreamFailed',
      'UpstreamLatency',
      'SecretCacheMiss',
      'SecretStale',
      'CircuitBreakerOpen',
      'RunOutcomeUnknown',
      ...FAILURE_CLASSES.map(failedMetricName),
    ];

    // Act
    const body = dashboardBodyOf(synthesized);

    // Assert
    for (const name of names) {
      expect(body).toContain(
        `\\"Which50ImportWebhook/prod\\",\\"${name}\\",\\"service\\",\\"which50-import-webhook\\"`,
      );
    }
  });

  it('graphs the upstream latency by percentile', () => {
    // Act
    const body = dashboardBodyOf(synthesized);

    // Assert
    expect(body).toContain('\\"stat\\":\\"p99\\"');
    expect(body).toContain('\\"stat\\":\\"p50\\"');
  });

  it('shows the state of every alarm of the stack', () => {
    // Arrange
    const alarmIds = Object.keys(synthesized.template.findResources('AWS::CloudWatch::Alarm'));

    // Act
    const body = dashboardBodyOf(synthesized);

    // Assert
    expect(alarmIds.length).toBeGreaterThan(0);
    for (const id of alarmIds) expect(body).toContain(`{"Fn::GetAtt":["${id}","Arn"]}`);
  });

  it('lists recent failures from the function log group', () => {
    // Act
    const body = dashboardBodyOf(synthesized);

    // Assert
    expect(body).toContain('filter outcome = \\\\\\"failed\\\\\\"');
    expect(body).toContain(`{"Ref":"${functionLogGroupId(synthesized)}"}`);
  });

  it('saves the "why did job N not run" query over the function log group', () => {
    // Act
    const { properties: query } = onlyResource(synthesized.template, 'AWS::Logs::QueryDefinition');

    // Assert
    expect(query.Name).toBe('Which50ImportWebhook-prod/why-did-import-job-N-not-run');
    expect(query.LogGroupNames).toEqual([{ Ref: functionLogGroupId(synthesized) }]);
    expect(query.QueryString).toMatch(/^\| filter importJobId = 0$/m);
    expect(query.QueryString).toMatch(/^\| sort @timestamp desc$/m);
  });

  it('queries only fields the outcome line really has', () => {
    // Arrange
    const { properties: query } = onlyResource(synthesized.template, 'AWS::Logs::QueryDefinition');

    // Act
    const fields = queriedFields(query.QueryString as string);

    // Assert
    expect(fields).toEqual(
      expect.arrayContaining(['outcome', 'failureClass', 'problem.detail', 'requestId', 'deliveryId']),
    );
    expect(fields.filter((field) => !outcomeLineFields().includes(field))).toEqual([]);
  });
});
