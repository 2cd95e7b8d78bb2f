import { describe, expect, it } from 'vitest';
import { App, zapier } from './support/zapier-app.mjs';

/** The platform's own schema check, as `zapier-platform validate` runs it locally. */
const schemaErrorsOf = async (app) => {
  const { results } = await zapier.createAppHandler(app)({ command: 'validate' });
  return results;
};

describe('the app definition', () => {
  it('passes the platform’s schema validation', async () => {
    // Act
    const errors = await schemaErrorsOf(App);

    // Assert
    expect(errors).toEqual([]);
  });

  it('is refused by the same validation when an action loses its label (the check can fail)', async () => {
    // Arrange
    const { display, ...unlabelled } = App.creates.run_import_job;
    const broken = {
      ...App,
      creates: { ...App.creates, run_import_job: { ...unlabelled, display: { ...display, label: undefined } } },
    };

    // Act
    const errors = await schemaErrorsOf(broken);

    // Assert
    expect(errors.map(({ property }) => property)).toContain('instance.creates.run_import_job.display');
  });

  it('names its version and the platform version of the installed core', async () => {
    // Assert
    expect(App.version).toBe((await import('../package.json', { with: { type: 'json' } })).default.version);
    expect(App.platformVersion).toBe(zapier.version);
    expect(Object.keys(App.creates)).toEqual(['run_import_job', 'run_import_job_and_wait']);
  });
});
