import { describe, expect, it } from 'vitest';
import { parseSchedulesContext, readSchedulesContext } from '../../infra/schedules-context';
import { aScheduleEntry } from './support/schedule-entry';

/** The problems with the context value `raw`, one a line; fails the test when the value is accepted. */
const refusal = (raw: unknown): string => {
  const reading = readSchedulesContext(raw);
  if (reading.ok) throw new Error('Expected the schedules context to be refused.');
  return reading.problems.join('\n');
};

describe('parseSchedulesContext', () => {
  it('gives no schedules when the context has none', () => {
    // Act
    const schedules = parseSchedulesContext(undefined);

    // Assert
    expect(schedules).toEqual([]);
  });

  it('reads a cdk.json array into schedules', () => {
    // Arrange
    const raw = [aScheduleEntry()];

    // Act
    const schedules = parseSchedulesContext(raw);

    // Assert
    expect(schedules).toEqual([
      {
        name: 'nightly-welcome',
        expression: 'cron(0 2 * * ? *)',
        timezone: 'Europe/Dublin',
        contactListId: 1,
        importJobId: 2,
        customEvents: ['SendWelcomeEmail'],
      },
    ]);
  });

  it('reads the JSON text that -c schedules=... passes', () => {
    // Arrange
    const raw = JSON.stringify([aScheduleEntry({ name: 'from-cli' })]);

    // Act
    const [schedule] = parseSchedulesContext(raw);

    // Assert
    expect(schedule?.name).toBe('from-cli');
  });

  it('leaves the time zone out and sends no events when the entry gives neither', () => {
    // Arrange
    const raw = [aScheduleEntry({ timezone: undefined, customEvents: undefined })];

    // Act
    const [schedule] = parseSchedulesContext(raw);

    // Assert
    expect(schedule).not.toHaveProperty('timezone');
    expect(schedule?.customEvents).toEqual([]);
  });

  it('reads ids and events as the HTTP route does: decimal strings, a comma list, duplicates dropped', () => {
    // Arrange
    const raw = [aScheduleEntry({ contactListId: '42', importJobId: ' 7 ', customEvents: 'B, A ,B' })];

    // Act
    const [schedule] = parseSchedulesContext(raw);

    // Assert
    expect(schedule).toMatchObject({ contactListId: 42, importJobId: 7, customEvents: ['B', 'A'] });
  });

  it.each([
    ['rate(1 minute)'],
    ['rate(15 minutes)'],
    ['rate(2 days)'],
    ['at(2030-01-31T09:30:00)'],
    ['cron(0/15 8-17 ? * MON-FRI *)'],
  ])('accepts the Scheduler expression %s', (expression) => {
    // Act
    const [schedule] = parseSchedulesContext([aScheduleEntry({ expression })]);

    // Assert
    expect(schedule?.expression).toBe(expression);
  });

  it('refuses text that is not JSON', () => {
    // Act
    const message = refusal('[{"name":');

    // Assert
    expect(message).toContain('not valid JSON');
  });

  it('refuses a context that is not a list', () => {
    // Act
    const message = refusal({ name: 'nightly' });

    // Assert
    expect(message).toContain('must be a JSON array');
  });

  it.each([
    ['contactListId', { contactListId: 0 }, 'must be an integer from 1 to 2147483647'],
    ['importJobId', { importJobId: 2_147_483_648 }, 'must be an integer from 1 to 2147483647'],
    ['importJobId', { importJobId: 1.5 }, 'must be an integer from 1 to 2147483647'],
    ['customEvents', { customEvents: ['Send,Invite'] }, 'contains a comma'],
    ['customEvents', { customEvents: ['Send\u0007Invite'] }, 'contains a control character'],
    ['customEvents', { customEvents: ['x'.repeat(129)] }, 'longer than 128 characters'],
    ['customEvents', { customEvents: Array.from({ length: 51 }, (_, i) => `Event${i}`) }, 'at most 50'],
    ['customEvents', { customEvents: { name: 'A' } }, 'must be a list of names'],
    ['expression', { expression: 'every day at 2' }, 'must be cron('],
    ['expression', { expression: 'rate(1 minutes)' }, 'singular unit for 1'],
    ['expression', { expression: 'cron(0 2 * * ?)' }, 'must be cron(<6 fields>)'],
    ['timezone', { timezone: 'Europe/Atlantis' }, 'IANA time zone'],
  ])('refuses a bad %s, naming the entry and the field (%j)', (field, overrides, reason) => {
    // Arrange
    const raw = [aScheduleEntry({ name: 'first' }), aScheduleEntry({ name: 'second', ...overrides })];

    // Act
    const message = refusal(raw);

    // Assert
    expect(message).toContain('schedules[1] "second"');
    expect(message).toContain(`field ${field}`);
    expect(message).toContain(reason);
  });

  it.each([
    ['an empty name', '', 'must not be empty'],
    ['a name over 64 characters', 'n'.repeat(65), 'at most 64 characters'],
    ['a name with a space', 'nightly welcome', 'may contain only letters, digits'],
  ])("refuses %s with Scheduler's naming rule", (_case, name, reason) => {
    // Act
    const message = refusal([aScheduleEntry({ name })]);

    // Assert
    expect(message).toContain('schedules[0]');
    expect(message).toContain('field name');
    expect(message).toContain(reason);
  });

  it('refuses an entry that lacks a required field, naming it', () => {
    // Arrange
    const { importJobId: _left, ...entry } = aScheduleEntry();

    // Act
    const message = refusal([entry]);

    // Assert
    expect(message).toContain('schedules[0] "nightly-welcome"');
    expect(message).toContain('field importJobId');
  });

  it('refuses an unknown field, since in a config file it is a typo', () => {
    // Act
    const message = refusal([aScheduleEntry({ contactListID: 1 })]);

    // Assert
    expect(message).toContain('schedules[0] "nightly-welcome"');
    expect(message).toContain('unknown field contactListID (did you mean contactListId?)');
  });

  it.each([[1], [15], [60]])('lets Scheduler spread a run over a flexible window of %i minutes', (minutes) => {
    // Act
    const [schedule] = parseSchedulesContext([aScheduleEntry({ flexibleWindowMinutes: minutes })]);

    // Assert
    expect(schedule?.flexibleWindowMinutes).toBe(minutes);
  });

  it('leaves the window off when the entry gives none', () => {
    // Act
    const [schedule] = parseSchedulesContext([aScheduleEntry()]);

    // Assert
    expect(schedule).not.toHaveProperty('flexibleWindowMinutes');
  });

  it.each([
    [0, 'must be 1 to 60'],
    [61, 'must be 1 to 60'],
    [2.5, 'must be a whole number of minutes'],
    ['15', 'must be a whole number of minutes'],
  ])('refuses flexibleWindowMinutes %j, naming the entry and the field', (minutes, reason) => {
    // Act
    const message = refusal([aScheduleEntry({ name: 'spread', flexibleWindowMinutes: minutes })]);

    // Assert
    expect(message).toBe(`schedules[0] "spread": field flexibleWindowMinutes: ${reason}`);
  });

  it('reports every broken field of every entry at once, one problem each', () => {
    // Arrange
    const raw = [
      aScheduleEntry({ name: 'first', importJobId: 0 }),
      aScheduleEntry({ name: 'second', expression: 'daily', flexibleWindowMinutes: 90 }),
    ];

    // Act
    const message = refusal(raw);

    // Assert
    expect(message.split('\n')).toEqual([
      'schedules[0] "first": field importJobId: must be an integer from 1 to 2147483647, not 0',
      expect.stringMatching(/^schedules\[1\] "second": field expression: must be cron/),
      'schedules[1] "second": field flexibleWindowMinutes: must be 1 to 60',
    ]);
  });

  it('refuses a name used twice, naming both entries', () => {
    // Arrange
    const raw = [aScheduleEntry(), aScheduleEntry({ importJobId: 3 })];

    // Act
    const message = refusal(raw);

    // Assert
    expect(message).toContain('schedules[1] "nightly-welcome": field name: repeats schedules[0]');
  });
});
