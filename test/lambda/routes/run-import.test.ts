import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_API_KEY } from '../../../dev/demo-secret';
import {
  type AdapterHarness,
  jsonOf,
  postForm,
  postJson,
  startAdapterHarness,
  withApiKey,
} from '../../support/adapter-harness';
import { IMPORT_JOB_FIELDS } from '../../support/import-job-factories';

describe('POST /imports/run', () => {
  let harness: AdapterHarness;

  beforeAll(async () => {
    harness = await startAdapterHarness();
  });
  afterAll(() => harness.close());
  beforeEach(() => harness.sandbox.reset());

  it('runs the job and answers the normalized ImportJob', async () => {
    // Act
    const response = await harness.request('/imports/run', postJson({ contactListId: 1, importJobId: 2 }));

    // Assert
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const job = await jsonOf(response);
    expect(Object.keys(job)).toEqual(IMPORT_JOB_FIELDS);
    expect(job).toMatchObject({ id: 2, contactListId: 1, currentStatus: 'Finished', insertedContacts: 3 });
    expect(job.finishDate).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(harness.sandbox.runRequests(1, 2)).toHaveLength(1);
  });

  it('sends the custom events encoded one by one and joined by literal commas', async () => {
    // Act
    await harness.request(
      '/imports/run',
      postJson({
        contactListId: 1,
        importJobId: 2,
        customEvents: ['SendWelcomeEmail', ' Send Invite ', 'SendWelcomeEmail'],
      }),
    );

    // Assert
    const [run] = harness.sandbox.runRequests(1, 2);
    expect(run?.query).toBe('customevents=SendWelcomeEmail,Send%20Invite');
    expect(run?.customEvents).toEqual(['SendWelcomeEmail', 'Send Invite']);
  });

  it('sends no customevents parameter when there are no events', async () => {
    // Act
    await harness.request('/imports/run', postJson({ contactListId: 1, importJobId: 2, customEvents: ' , ' }));

    // Assert
    expect(harness.sandbox.runRequests(1, 2)[0]?.query).toBe('');
  });

  it('accepts a form body with snake_case spellings and a repeated events key', async () => {
    // Act
    const response = await harness.request(
      '/imports/run',
      postForm('contact_list_id=1&import_job_id=2&custom_events=A&custom_events=B%20C'),
    );

    // Assert
    expect(response.status).toBe(200);
    expect(harness.sandbox.runRequests(1, 2)[0]?.customEvents).toEqual(['A', 'B C']);
  });

  it('accepts the fields in the query string with no body at all', async () => {
    // Act
    const response = await harness.request('/imports/run?ContactListId=1&ImportJobId=2&customevents=X,Y', {
      method: 'POST',
      headers: withApiKey(),
    });

    // Assert
    expect(response.status).toBe(200);
    expect(harness.sandbox.runRequests(1, 2)[0]?.customEvents).toEqual(['X', 'Y']);
  });

  it('unwraps fields sent inside a data object, ids given as decimal strings', async () => {
    // Act
    const response = await harness.request(
      '/imports/run',
      postJson({ data: { contactListId: '1', importJobId: '2' } }),
    );

    // Assert
    expect(response.status).toBe(200);
    expect(harness.sandbox.runRequests(1, 2)).toHaveLength(1);
  });

  it('accepts Authorization: Bearer with the API key', async () => {
    // Act
    const response = await harness.request('/imports/run', {
      method: 'POST',
      headers: { authorization: `Bearer ${DEMO_API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ contactListId: 1, importJobId: 2 }),
    });

    // Assert
    expect(response.status).toBe(200);
  });
});

describe('POST /contact-lists/{contactListId}/imports/{importJobId}/run', () => {
  let harness: AdapterHarness;

  beforeAll(async () => {
    harness = await startAdapterHarness();
  });
  afterAll(() => harness.close());
  beforeEach(() => harness.sandbox.reset());

  it('takes the ids from the path and the events from the query', async () => {
    // Act
    const response = await harness.request('/contact-lists/1/imports/2/run?customEvents=Welcome', {
      method: 'POST',
      headers: withApiKey(),
    });

    // Assert
    expect(response.status).toBe(200);
    expect(harness.sandbox.runRequests(1, 2)[0]?.customEvents).toEqual(['Welcome']);
  });

  it('takes the events from a JSON body and agrees with ids repeated there', async () => {
    // Act
    const response = await harness.request(
      '/contact-lists/1/imports/2/run',
      postJson({ contactListId: 1, customEvents: 'A,B' }),
    );

    // Assert
    expect(response.status).toBe(200);
    expect(harness.sandbox.runRequests(1, 2)[0]?.customEvents).toEqual(['A', 'B']);
  });
});

describe('GET /contact-lists/{contactListId}/imports/{importJobId}', () => {
  let harness: AdapterHarness;

  beforeAll(async () => {
    harness = await startAdapterHarness();
  });
  afterAll(() => harness.close());
  beforeEach(() => harness.sandbox.reset());

  it("reads the job's status without running it", async () => {
    // Act
    const response = await harness.request('/contact-lists/1/imports/2', { headers: withApiKey() });

    // Assert
    expect(response.status).toBe(200);
    expect(await jsonOf(response)).toMatchObject({ id: 2, contactListId: 1, finishDate: null });
    expect(harness.sandbox.runRequests()).toHaveLength(0);
  });

  it('needs a credential like the run routes', async () => {
    // Act
    const response = await harness.request('/contact-lists/1/imports/2');

    // Assert
    expect(response.status).toBe(401);
  });
});

describe('GET /health', () => {
  it('answers ok without reading the secret, even when the secret is broken', async () => {
    // Arrange
    const harness = await startAdapterHarness({ secret: () => 'not json' });
    const fetchesBefore = harness.secrets.fetches;

    // Act
    const response = await harness.request('/health');

    // Assert
    expect(response.status).toBe(200);
    expect(await jsonOf(response)).toEqual({ status: 'ok' });
    expect(response.headers.get('x-request-id')).toBeTruthy();
    expect(harness.secrets.fetches).toBe(fetchesBefore);
    await harness.close();
  });
});
