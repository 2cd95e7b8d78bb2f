/** A schedules context entry as cdk.json holds it, valid unless a test overrides a field. */
const aScheduleEntry = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  name: 'nightly-welcome',
  expression: 'cron(0 2 * * ? *)',
  timezone: 'Europe/Dublin',
  contactListId: 1,
  importJobId: 2,
  customEvents: ['SendWelcomeEmail'],
  ...overrides,
});

export { aScheduleEntry };
