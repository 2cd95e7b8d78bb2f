import { describe, expect, it } from 'vitest';
import { readStackSettings } from '../../infra/stack-settings';
import { aScheduleEntry } from './support/schedule-entry';

const A_SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:which50/prod-AbC123';

/** A context lookup over `values`, as `app.node.tryGetContext` would answer. */
const contextOf =
  (values: Record<string, unknown> = {}) =>
  (key: string): unknown =>
    values[key];

const refusal = (values: Record<string, unknown>): string => {
  try {
    readStackSettings(contextOf(values));
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('Expected the context to be refused.');
};

describe('readStackSettings', () => {
  it('creates a secret, reserves no concurrency, sends no email and schedules nothing by default', () => {
    // Act
    const settings = readStackSettings(contextOf());

    // Assert
    expect(settings).toEqual({ secret: { kind: 'create' }, schedules: [] });
  });

  it('imports the secret by its complete ARN', () => {
    // Act
    const settings = readStackSettings(contextOf({ secretArn: A_SECRET_ARN }));

    // Assert
    expect(settings.secret).toEqual({ kind: 'arn', arn: A_SECRET_ARN });
  });

  it('imports the secret by name', () => {
    // Act
    const settings = readStackSettings(contextOf({ secretName: 'which50/prod' }));

    // Assert
    expect(settings.secret).toEqual({ kind: 'name', name: 'which50/prod' });
  });

  it('refuses a partial ARN, which cannot be granted precisely', () => {
    // Act
    const message = refusal({ secretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:which50' });

    // Assert
    expect(message).toContain('secretArn: must be the complete ARN');
  });

  it('refuses both secretArn and secretName, rather than pick one', () => {
    // Act
    const message = refusal({ secretArn: A_SECRET_ARN, secretName: 'which50/prod' });

    // Assert
    expect(message).toContain('secretArn or secretName, not both');
  });

  it.each([[5], ['5']])('reads reservedConcurrency given as %j (cdk.json or -c)', (raw) => {
    // Act
    const settings = readStackSettings(contextOf({ reservedConcurrency: raw }));

    // Assert
    expect(settings.reservedConcurrency).toBe(5);
  });

  it.each([[0], ['0'], ['ten'], [2.5]])('refuses reservedConcurrency %j', (raw) => {
    // Act
    const message = refusal({ reservedConcurrency: raw });

    // Assert
    expect(message).toContain('reservedConcurrency');
  });

  it('reads the alarm email', () => {
    // Act
    const settings = readStackSettings(contextOf({ alarmEmail: 'ops@example.com' }));

    // Assert
    expect(settings.alarmEmail).toBe('ops@example.com');
  });

  it('refuses an alarm email that is not an address', () => {
    // Act
    const message = refusal({ alarmEmail: 'ops at example' });

    // Assert
    expect(message).toContain('alarmEmail: must be an email address');
  });

  it.each([[true], ['true'], [' true ']])('turns tracing on for %j (cdk.json or -c)', (raw) => {
    // Act
    const settings = readStackSettings(contextOf({ tracing: raw }));

    // Assert
    expect(settings.tracing).toBe(true);
  });

  it.each([[false], ['false'], [undefined]])('leaves tracing off for %j', (raw) => {
    // Act
    const settings = readStackSettings(contextOf({ tracing: raw }));

    // Assert
    expect(settings).not.toHaveProperty('tracing');
  });

  it.each([['yes'], [1], ['on']])('refuses tracing %j', (raw) => {
    // Act
    const message = refusal({ tracing: raw });

    // Assert
    expect(message).toContain('tracing: must be true or false');
  });

  it('reads the schedules through the schedules parser', () => {
    // Act
    const settings = readStackSettings(contextOf({ schedules: [aScheduleEntry()] }));

    // Assert
    expect(settings.schedules.map(({ name }) => name)).toEqual(['nightly-welcome']);
  });
});
