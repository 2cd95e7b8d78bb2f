import { describe, expect, it } from 'vitest';
import { StackContextError } from '../../infra/stack-context-error';
import { readStackContext, readStackSettings } from '../../infra/stack-settings';
import { aScheduleEntry } from './support/schedule-entry';

const A_SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:which50/prod-AbC123';

/** Every problem the reader finds in `context`; fails the test when the context is accepted. */
const problemsWith = (context: Record<string, unknown>): readonly string[] => {
  const reading = readStackContext(context);
  if (reading.ok) throw new Error('Expected the context to be refused.');
  return reading.problems;
};

describe('readStackContext', () => {
  it('deploys stage prod, creates a secret, reserves 10 (5 for async runs) and schedules nothing by default', () => {
    // Act
    const settings = readStackSettings({});

    // Assert
    expect(settings).toEqual({
      stage: 'prod',
      secret: { kind: 'create' },
      reservedConcurrency: 10,
      asyncConcurrency: 5,
      schedules: [],
    });
  });

  it('lets the CDK keep its own keys: feature flags, CLI settings and cached lookups', () => {
    // Arrange
    const context = {
      '@aws-cdk/core:checkSecretUsage': true,
      'aws:cdk:bundling-stacks': [],
      'cli-telemetry': false,
      'acknowledged-issue-numbers': [32775],
      'availability-zones:account=123456789012:region=eu-west-1': ['eu-west-1a'],
    };

    // Act
    const reading = readStackContext(context);

    // Assert
    expect(reading.ok).toBe(true);
  });

  it('refuses a misspelled key, naming the nearest known key', () => {
    // Act
    const problems = problemsWith({ reservedConcurency: '10' });

    // Assert
    expect(problems).toEqual(['unknown key "reservedConcurency" (did you mean "reservedConcurrency"?)']);
  });

  it('names the nearest key even for a word far from every key', () => {
    // Act
    const [problem] = problemsWith({ stages: 'dev', firewall: 'true' });

    // Assert
    expect(problem).toBe('unknown key "stages" (did you mean "stage"?)');
  });

  it('lists every problem at once, each once', () => {
    // Act
    const problems = problemsWith({ wfa: 'true', stage: 'dev_1', reservedConcurrency: 0, schedules: 'not json' });

    // Assert
    expect(problems).toEqual([
      'unknown key "wfa" (did you mean "waf"?)',
      'stage: must be 1 to 32 letters, digits or hyphens, not starting with a hyphen',
      'reservedConcurrency: must be at least 1 (0 would stop the function)',
      'schedules: it is not valid JSON',
    ]);
  });

  it.each([['dev'], ['prod'], ['pr-123'], ['Staging2']])('reads the stage %s', (stage) => {
    // Act
    const settings = readStackSettings({ stage });

    // Assert
    expect(settings.stage).toBe(stage);
  });

  it.each([[''], ['dev_1'], ['-dev'], ['dev.eu'], ['s'.repeat(33)], [7]])('refuses the stage %j', (stage) => {
    // Act
    const problems = problemsWith({ stage });

    // Assert
    expect(problems).toEqual([expect.stringMatching(/^stage: /)]);
  });

  it('imports the secret by its complete ARN', () => {
    // Act
    const settings = readStackSettings({ secretArn: A_SECRET_ARN });

    // Assert
    expect(settings.secret).toEqual({ kind: 'arn', arn: A_SECRET_ARN });
  });

  it('imports the secret by name', () => {
    // Act
    const settings = readStackSettings({ secretName: 'which50/prod' });

    // Assert
    expect(settings.secret).toEqual({ kind: 'name', name: 'which50/prod' });
  });

  it('refuses a partial ARN, which cannot be granted precisely', () => {
    // Act
    const problems = problemsWith({ secretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:which50' });

    // Assert
    expect(problems).toEqual([expect.stringContaining('secretArn: must be the complete ARN')]);
  });

  it('refuses both secretArn and secretName, rather than pick one', () => {
    // Act
    const problems = problemsWith({ secretArn: A_SECRET_ARN, secretName: 'which50/prod' });

    // Assert
    expect(problems).toEqual(['secretName: give secretArn or secretName, not both']);
  });

  it.each([[5], ['5'], [' 5 ']])('reads reservedConcurrency given as %j (cdk.json or -c)', (raw) => {
    // Act
    const settings = readStackSettings({ reservedConcurrency: raw });

    // Assert
    expect(settings.reservedConcurrency).toBe(5);
  });

  it('leaves the function without a cap for reservedConcurrency none', () => {
    // Act
    const settings = readStackSettings({ reservedConcurrency: 'none' });

    // Assert
    expect(settings).not.toHaveProperty('reservedConcurrency');
  });

  it.each([
    [0, 'must be at least 1'],
    ['0', 'must be at least 1'],
    ['ten', 'must be a whole number, or none'],
    [2.5, 'must be a whole number, or none'],
    ['None', 'must be a whole number, or none'],
  ])('refuses reservedConcurrency %j', (raw, reason) => {
    // Act
    const problems = problemsWith({ reservedConcurrency: raw });

    // Assert
    expect(problems).toEqual([expect.stringContaining(`reservedConcurrency: ${reason}`)]);
  });

  it('reads the alarm email', () => {
    // Act
    const settings = readStackSettings({ alarmEmail: 'ops@example.com' });

    // Assert
    expect(settings.alarmEmail).toBe('ops@example.com');
  });

  it('refuses an alarm email that is not an address', () => {
    // Act
    const problems = problemsWith({ alarmEmail: 'ops at example' });

    // Assert
    expect(problems).toEqual(['alarmEmail: must be an email address']);
  });

  it.each([
    ['tracing', true],
    ['tracing', 'true'],
    ['waf', ' true '],
    ['waf', true],
  ])('turns %s on for %j (cdk.json or -c)', (key, raw) => {
    // Act
    const settings = readStackSettings({ [key]: raw });

    // Assert
    expect(settings).toMatchObject({ [key]: true });
  });

  it.each([
    ['tracing', false],
    ['waf', 'false'],
    ['waf', undefined],
  ])('leaves %s off for %j', (key, raw) => {
    // Act
    const settings = readStackSettings({ [key]: raw });

    // Assert
    expect(settings).not.toHaveProperty(key);
  });

  it.each([
    ['tracing', 'yes'],
    ['waf', 1],
    ['waf', 'on'],
  ])('refuses %s %j', (key, raw) => {
    // Act
    const problems = problemsWith({ [key]: raw });

    // Assert
    expect(problems).toEqual([`${key}: must be true or false`]);
  });

  it('reads the schedules through the schedules reader', () => {
    // Act
    const settings = readStackSettings({ schedules: [aScheduleEntry()] });

    // Assert
    expect(settings.schedules.map(({ name }) => name)).toEqual(['nightly-welcome']);
  });
});

describe('readStackSettings', () => {
  it('throws one error carrying every problem, worded as one line', () => {
    // Act
    const thrown = (() => {
      try {
        readStackSettings({ reservedConcurency: 10, alarmEmail: 'nobody' });
      } catch (error) {
        return error;
      }
      return undefined;
    })();

    // Assert
    expect(thrown).toBeInstanceOf(StackContextError);
    expect((thrown as StackContextError).message).toBe(
      'Invalid context: unknown key "reservedConcurency" (did you mean "reservedConcurrency"?); alarmEmail: must be an email address.',
    );
    expect((thrown as StackContextError).problems).toHaveLength(2);
  });
});
