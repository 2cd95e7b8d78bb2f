/** A schedules context entry as cdk.json holds it, valid unless a test overrides a field. */
/** A schedule entry as cdk.json would hold it; an override of `undefined` leaves the key out, as JSON would. */
const aScheduleEntry = (overrides: Record<string, unknown> = {}): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries({
      name: 'nightly-welcome',
      expression: 'cron(0 2 * * ? *)',
      timezone: 'Europe/Dublin',
      contactListId: 1,
      importJobId: 2,
      customEvents: ['SendWelcomeEmail'],
      ...overrides,
    }).filter(([, value]) => value !== undefined),
  );

export { aScheduleEntry };
