import { setImmediate as nextTick } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Contact, UpstreamAuth, Which50Sandbox, Which50SandboxOptions } from '../../dev/which50-sandbox';
import {
  DEFAULT_SANDBOX_AUTH,
  DEMO_CONTACT_LIST_ID,
  DEMO_IMPORT_JOB_ID,
  startWhich50Sandbox,
  upstreamAuthHeaders,
} from '../../dev/which50-sandbox';
import {
  delayThenServe,
  destroySocket,
  hangBeforeHeaders,
  hangMidBody,
  respondWith,
} from '../../dev/which50-sandbox-faults';

const DOTNET_DATE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,7})?\+00:00$/;

const contact = (email: string, firstName = 'Test'): Contact => ({ Values: { Email: email, FirstName: firstName } });

const contacts = (count: number): Contact[] =>
  Array.from({ length: count }, (_, i) => contact(`person${i}@example.com`));

interface CallOptions {
  method?: string;
  accept?: string;
  auth?: UpstreamAuth | null;
  body?: unknown;
  contentType?: string;
  signal?: AbortSignal;
}

/** Calls `path` under the sandbox's base URL, with its current credential unless told otherwise. */
const call = (sandbox: Which50Sandbox, path: string, options: CallOptions = {}): Promise<Response> => {
  const auth = options.auth === undefined ? sandbox.auth : options.auth;
  const headers: Record<string, string> = {
    ...(auth === null ? {} : upstreamAuthHeaders(auth)),
    ...(options.accept !== undefined && { accept: options.accept }),
  };
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    headers['content-type'] = options.contentType ?? 'application/json';
  }
  return fetch(`${sandbox.baseUrl}${path}`, {
    method: options.method ?? 'GET',
    headers,
    ...(body !== undefined && { body }),
    ...(options.signal && { signal: options.signal }),
  });
};

const jobPath = (contactListId: number, importJobId: number): string =>
  `/contactLists/${contactListId}/import/${importJobId}`;

const demoJobPath = jobPath(DEMO_CONTACT_LIST_ID, DEMO_IMPORT_JOB_ID);

const runPath = (contactListId: number, importJobId: number, query = ''): string =>
  `${jobPath(contactListId, importJobId)}/run${query}`;

/** Starts a sandbox for one test and closes it after that test. */
const ownSandboxes: Which50Sandbox[] = [];
const startOwnSandbox = async (options?: Which50SandboxOptions): Promise<Which50Sandbox> => {
  const sandbox = await startWhich50Sandbox(options);
  ownSandboxes.push(sandbox);
  return sandbox;
};
afterEach(async () => {
  await Promise.all(ownSandboxes.splice(0).map((sandbox) => sandbox.close()));
});

let sandbox: Which50Sandbox;
beforeAll(async () => {
  sandbox = await startWhich50Sandbox();
});
afterAll(async () => {
  await sandbox.close();
});
beforeEach(() => {
  sandbox.reset();
});

describe('startWhich50Sandbox', () => {
  it('listens on loopback on an ephemeral port under /Which50API', () => {
    // Assert
    expect(sandbox.port).toBeGreaterThan(0);
    expect(sandbox.baseUrl).toBe(`http://127.0.0.1:${sandbox.port}/Which50API`);
  });

  it('serves under a configured base path', async () => {
    // Arrange
    const custom = await startOwnSandbox({ basePath: '/api/' });

    // Act
    const response = await call(custom, demoJobPath);

    // Assert
    expect(custom.baseUrl).toBe(`http://127.0.0.1:${custom.port}/api`);
    expect(response.status).toBe(200);
  });
});

describe('reading an import job', () => {
  it('answers the seeded demo job as JSON when no Accept is sent, members in upstream order', async () => {
    // Act
    const response = await call(sandbox, demoJobPath);

    // Assert
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const text = await response.text();
    expect(Object.keys(JSON.parse(text) as object)).toEqual([
      'Id',
      'ContactListId',
      'InvalidEmailCount',
      'InvalidSmsCount',
      'ProgressPercent',
      'CurrentStatus',
      'StartDate',
      'FinishDate',
      'InsertedContacts',
      'UpdatedContacts',
      'DroppedContacts',
      'NotUpdatedContacts',
      'TotalContacts',
    ]);
    expect(JSON.parse(text)).toMatchObject({ Id: 2, ContactListId: 1, FinishDate: '0001-01-01T00:00:00' });
  });

  it('answers text/json with that media type when asked for it', async () => {
    // Act
    const response = await call(sandbox, demoJobPath, { accept: 'text/json' });

    // Assert
    expect(response.headers.get('content-type')).toBe('text/json; charset=utf-8');
  });

  it('answers JSON for */*', async () => {
    // Act
    const response = await call(sandbox, demoJobPath, { accept: '*/*' });

    // Assert
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
  });

  it('answers the DataContract XML shape, members sorted, when asked for application/xml', async () => {
    // Arrange
    const { importJobId } = sandbox.addImportJob(1, { fields: { CurrentStatus: 'Created <new>', TotalContacts: 4 } });

    // Act
    const response = await call(sandbox, jobPath(1, importJobId), { accept: 'application/xml' });

    // Assert
    expect(response.headers.get('content-type')).toBe('application/xml; charset=utf-8');
    expect(await response.text()).toBe(
      '<ImportJob xmlns:i="http://www.w3.org/2001/XMLSchema-instance" ' +
        'xmlns="http://schemas.datacontract.org/2004/07/W50API.Models.DTO">' +
        '<ContactListId>1</ContactListId><CurrentStatus>Created &lt;new&gt;</CurrentStatus>' +
        '<DroppedContacts>0</DroppedContacts><FinishDate>0001-01-01T00:00:00</FinishDate>' +
        `<Id>${importJobId}</Id><InsertedContacts>0</InsertedContacts>` +
        '<InvalidEmailCount>0</InvalidEmailCount><InvalidSmsCount>0</InvalidSmsCount>' +
        '<NotUpdatedContacts>0</NotUpdatedContacts><ProgressPercent>0</ProgressPercent>' +
        '<StartDate>0001-01-01T00:00:00</StartDate><TotalContacts>4</TotalContacts>' +
        '<UpdatedContacts>0</UpdatedContacts></ImportJob>',
    );
  });

  it('writes a null date as i:nil in XML', async () => {
    // Arrange
    const { importJobId } = sandbox.addImportJob(1, { fields: { FinishDate: null } });

    // Act
    const response = await call(sandbox, jobPath(1, importJobId), { accept: 'text/xml' });

    // Assert
    expect(response.headers.get('content-type')).toBe('text/xml; charset=utf-8');
    expect(await response.text()).toContain('<FinishDate i:nil="true"/>');
  });

  it('writes a null date as null in JSON', async () => {
    // Arrange
    const { importJobId } = sandbox.addImportJob(1, { fields: { StartDate: null } });

    // Act
    const body = (await (await call(sandbox, jobPath(1, importJobId))).json()) as { StartDate: unknown };

    // Assert
    expect(body.StartDate).toBeNull();
  });

  it('follows the Accept quality values', async () => {
    // Act
    const response = await call(sandbox, demoJobPath, { accept: 'application/json;q=0.4, text/xml;q=0.9' });

    // Assert
    expect(response.headers.get('content-type')).toBe('text/xml; charset=utf-8');
  });

  it('matches the path case-insensitively, as ASP.NET routing does', async () => {
    // Act
    const response = await fetch(`${sandbox.baseUrl.replace('Which50API', 'which50api')}/CONTACTLISTS/1/IMPORT/2`, {
      headers: upstreamAuthHeaders(sandbox.auth),
    });

    // Assert
    expect(response.status).toBe(200);
  });

  it('answers 404 with a Message for an unknown import job', async () => {
    // Act
    const response = await call(sandbox, jobPath(1, 999));

    // Assert
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ Message: 'Import job 999 was not found.' });
  });

  it('answers 404 for an unknown contact list', async () => {
    // Act
    const response = await call(sandbox, jobPath(77, DEMO_IMPORT_JOB_ID));

    // Assert
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ Message: 'Contact list 77 was not found.' });
  });

  it('answers 404 for a job that belongs to another list', async () => {
    // Arrange
    sandbox.addContactList(5);

    // Act
    const response = await call(sandbox, jobPath(5, DEMO_IMPORT_JOB_ID));

    // Assert
    expect(response.status).toBe(404);
  });

  it.each(['abc', '1.5', '99999999999'])(
    'answers a routing 404 for the id %s, before checking credentials',
    async (id) => {
      // Act
      const response = await call(sandbox, `/contactLists/${id}/import/2`, { auth: null });

      // Assert
      expect(response.status).toBe(404);
      expect(((await response.json()) as { Message: string }).Message).toMatch(/^No HTTP resource was found/);
    },
  );

  it('answers 405 with Allow for a method the route lacks', async () => {
    // Act
    const response = await call(sandbox, demoJobPath, { method: 'DELETE' });

    // Assert
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, POST');
  });
});

describe('credentials', () => {
  const schemes: { auth: UpstreamAuth; wrong: UpstreamAuth }[] = [
    { auth: { scheme: 'bearer', token: 't-1' }, wrong: { scheme: 'bearer', token: 't-2' } },
    {
      auth: { scheme: 'basic', username: 'user', password: 'pass' },
      wrong: { scheme: 'basic', username: 'user', password: 'nope' },
    },
    {
      auth: { scheme: 'header', name: 'X-Api-Key', value: 'k-1' },
      wrong: { scheme: 'header', name: 'X-Api-Key', value: 'k-2' },
    },
  ];

  it.each(schemes)('accepts the configured $auth.scheme credential', async ({ auth }) => {
    // Arrange
    const secured = await startOwnSandbox({ auth });

    // Act
    const response = await call(secured, demoJobPath, { auth });

    // Assert
    expect(response.status).toBe(200);
  });

  it.each(schemes)('answers 401 to a wrong $auth.scheme credential', async ({ auth, wrong }) => {
    // Arrange
    const secured = await startOwnSandbox({ auth });

    // Act
    const response = await call(secured, demoJobPath, { auth: wrong });

    // Assert
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ Message: 'Authorization has been denied for this request.' });
  });

  it.each(schemes)('answers 401 when the $auth.scheme credential is missing', async ({ auth }) => {
    // Arrange
    const secured = await startOwnSandbox({ auth });

    // Act
    const response = await call(secured, demoJobPath, { auth: null });

    // Assert
    expect(response.status).toBe(401);
  });

  it('challenges a bearer client with WWW-Authenticate', async () => {
    // Act
    const response = await call(sandbox, demoJobPath, { auth: null });

    // Assert
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('reads the Authorization scheme case-insensitively', async () => {
    // Arrange
    const secured = await startOwnSandbox({ auth: { scheme: 'bearer', token: 'case-token' } });

    // Act
    const response = await fetch(`${secured.baseUrl}${demoJobPath}`, {
      headers: { authorization: 'bEaReR case-token' },
    });

    // Assert
    expect(response.status).toBe(200);
  });

  it('denies in XML when XML is accepted', async () => {
    // Act
    const response = await call(sandbox, demoJobPath, { auth: null, accept: 'application/xml' });

    // Assert
    expect(await response.text()).toBe(
      '<Error><Message>Authorization has been denied for this request.</Message></Error>',
    );
  });

  it('refuses the old credential and accepts the new one after setAuth', async () => {
    // Arrange
    const old = sandbox.auth;
    const rotated: UpstreamAuth = { scheme: 'bearer', token: 'rotated-token' };

    // Act
    sandbox.setAuth(rotated);
    const withOld = await call(sandbox, demoJobPath, { auth: old });
    const withNew = await call(sandbox, demoJobPath, { auth: rotated });

    // Assert
    expect(withOld.status).toBe(401);
    expect(withNew.status).toBe(200);
  });

  it('returns to the starting credential on reset', () => {
    // Arrange
    sandbox.setAuth({ scheme: 'bearer', token: 'rotated-token' });

    // Act
    sandbox.reset();

    // Assert
    expect(sandbox.auth).toEqual(DEFAULT_SANDBOX_AUTH);
  });
});

describe('creating an import job', () => {
  it('answers a new job for the list, with unset .NET dates', async () => {
    // Act
    const response = await call(sandbox, '/contactLists/1/import', { method: 'POST', body: { FieldNames: ['Email'] } });

    // Assert
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      Id: 3,
      ContactListId: 1,
      CurrentStatus: 'Created',
      StartDate: '0001-01-01T00:00:00',
      FinishDate: '0001-01-01T00:00:00',
    });
    expect(sandbox.getImportJob(1, 3)?.fieldNames).toEqual(['Email']);
  });

  it.each([
    ['no FieldNames', { Fields: ['Email'] }],
    ['empty FieldNames', { FieldNames: [] }],
    ['non-string field names', { FieldNames: [1] }],
    ['malformed JSON', '{"FieldNames":'],
  ])('answers 400 for %s', async (_case, body) => {
    // Act
    const response = await call(sandbox, '/contactLists/1/import', { method: 'POST', body });

    // Assert
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ Message: 'The request is invalid.' });
  });

  it('answers 415 to a body that is not JSON', async () => {
    // Act
    const response = await call(sandbox, '/contactLists/1/import', {
      method: 'POST',
      body: 'FieldNames=Email',
      contentType: 'text/plain',
    });

    // Assert
    expect(response.status).toBe(415);
  });

  it('answers 404 for an unknown contact list', async () => {
    // Act
    const response = await call(sandbox, '/contactLists/9/import', { method: 'POST', body: { FieldNames: ['Email'] } });

    // Assert
    expect(response.status).toBe(404);
  });
});

describe('adding contacts', () => {
  it('stores the contacts on the job and answers 200 with no body', async () => {
    // Arrange
    const { importJobId } = sandbox.addImportJob(1);
    const added = [contact('a@example.com'), contact('b@example.com')];

    // Act
    const response = await call(sandbox, jobPath(1, importJobId), { method: 'POST', body: added });

    // Assert
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
    expect(sandbox.getImportJob(1, importJobId)?.contacts).toEqual(added);
  });

  it('accepts exactly 10,000 contacts in one request', async () => {
    // Arrange
    const { importJobId } = sandbox.addImportJob(1);

    // Act
    const response = await call(sandbox, jobPath(1, importJobId), { method: 'POST', body: contacts(10_000) });

    // Assert
    expect(response.status).toBe(200);
  });

  it('answers 400 to more than 10,000 contacts in one request', async () => {
    // Arrange
    const { importJobId } = sandbox.addImportJob(1);

    // Act
    const response = await call(sandbox, jobPath(1, importJobId), { method: 'POST', body: contacts(10_001) });

    // Assert
    expect(response.status).toBe(400);
    expect(sandbox.getImportJob(1, importJobId)?.contacts).toEqual([]);
  });

  it.each([
    ['an object', { Values: {} }],
    ['an array of strings', ['a@example.com']],
  ])('answers 400 when the body is %s', async (_case, body) => {
    // Act
    const response = await call(sandbox, demoJobPath, { method: 'POST', body });

    // Assert
    expect(response.status).toBe(400);
  });
});

describe('running an import job', () => {
  it('runs the whole flow: create, add contacts, run with events, read the status', async () => {
    // Arrange
    const created = (await (
      await call(sandbox, '/contactLists/1/import', { method: 'POST', body: { FieldNames: ['Email'] } })
    ).json()) as { Id: number };
    await call(sandbox, jobPath(1, created.Id), {
      method: 'POST',
      body: [contact('x@example.com'), contact('y@example.com')],
    });

    // Act
    const run = await call(sandbox, runPath(1, created.Id, '?customevents=SendWelcomeEmail'), { method: 'POST' });
    const status = await call(sandbox, jobPath(1, created.Id));

    // Assert
    const ran = (await run.json()) as Record<string, unknown>;
    expect(ran).toMatchObject({
      Id: created.Id,
      CurrentStatus: 'Finished',
      ProgressPercent: 100,
      InsertedContacts: 2,
      TotalContacts: 2,
    });
    expect(ran.StartDate).toMatch(DOTNET_DATE);
    expect(ran.FinishDate).toMatch(DOTNET_DATE);
    expect(await status.json()).toEqual(ran);
  });

  it('returns non-zero counts for the seeded demo job', async () => {
    // Act
    const response = await call(sandbox, runPath(1, 2), { method: 'POST' });

    // Assert
    expect(await response.json()).toMatchObject({ InsertedContacts: 3, TotalContacts: 3 });
  });

  it('records the custom events split on commas and each decoded', async () => {
    // Act
    await call(sandbox, runPath(1, 2, '?customevents=SendWelcomeEmail,Send%20Invite'), { method: 'POST' });

    // Assert
    const recorded = sandbox.runRequests(1, 2).map((request) => request.customEvents);
    expect(recorded).toEqual([['SendWelcomeEmail', 'Send Invite']]);
    expect(sandbox.getImportJob(1, 2)?.customEventRuns).toEqual([['SendWelcomeEmail', 'Send Invite']]);
  });

  it('reads a plus in the query as a space, as ASP.NET does', async () => {
    // Act
    await call(sandbox, runPath(1, 2, '?customevents=Send+Invite,A%2BB'), { method: 'POST' });

    // Assert
    expect(sandbox.runRequests()[0]?.customEvents).toEqual(['Send Invite', 'A+B']);
  });

  it('records no custom events when the parameter is absent', async () => {
    // Act
    await call(sandbox, runPath(1, 2), { method: 'POST' });

    // Assert
    expect(sandbox.runRequests()[0]?.customEvents).toBeUndefined();
    expect(sandbox.getImportJob(1, 2)?.customEventRuns).toEqual([[]]);
  });

  it('updates rather than inserts when the same contacts run again', async () => {
    // Arrange
    await call(sandbox, runPath(1, 2), { method: 'POST' });

    // Act
    const again = await call(sandbox, runPath(1, 2), { method: 'POST' });

    // Assert
    expect(await again.json()).toMatchObject({ InsertedContacts: 0, UpdatedContacts: 3, TotalContacts: 3 });
  });

  it('drops contacts without a plausible email and leaves repeats alone', async () => {
    // Arrange
    const { importJobId } = sandbox.addImportJob(1, {
      contacts: [contact('ok@example.com'), contact('not-an-email'), contact('OK@example.com')],
    });

    // Act
    const response = await call(sandbox, runPath(1, importJobId), { method: 'POST' });

    // Assert
    expect(await response.json()).toMatchObject({
      InsertedContacts: 1,
      InvalidEmailCount: 1,
      DroppedContacts: 1,
      NotUpdatedContacts: 1,
      TotalContacts: 3,
    });
  });

  it('answers the run in XML when asked', async () => {
    // Act
    const response = await call(sandbox, runPath(1, 2), { method: 'POST', accept: 'application/xml' });

    // Assert
    expect(await response.text()).toMatch(/<CurrentStatus>Finished<\/CurrentStatus>/);
  });

  it('answers 404 to a run of an unknown job and records no run on any job', async () => {
    // Act
    const response = await call(sandbox, runPath(1, 404), { method: 'POST' });

    // Assert
    expect(response.status).toBe(404);
    expect(sandbox.getImportJob(1, 2)?.customEventRuns).toEqual([]);
  });

  it('filters run requests by list and job', async () => {
    // Arrange
    const other = sandbox.addImportJob(1);
    await call(sandbox, runPath(1, 2), { method: 'POST' });
    await call(sandbox, runPath(1, other.importJobId), { method: 'POST' });
    await call(sandbox, jobPath(1, 2));

    // Act
    const forDemoJob = sandbox.runRequests(1, 2);

    // Assert
    expect(forDemoJob).toHaveLength(1);
    expect(sandbox.runRequests()).toHaveLength(2);
    expect(sandbox.requests).toHaveLength(3);
  });

  it('logs the method, path, query, headers, endpoint and status of a request', async () => {
    // Act
    await call(sandbox, runPath(1, 2, '?customevents=A'), { method: 'POST', accept: 'application/json' });

    // Assert
    expect(sandbox.requests[0]).toMatchObject({
      method: 'POST',
      path: '/Which50API/contactLists/1/import/2/run',
      query: 'customevents=A',
      endpoint: 'run',
      contactListId: 1,
      importJobId: 2,
      status: 200,
      headers: expect.objectContaining({ accept: 'application/json' }),
    });
  });
});

describe('fault hooks', () => {
  it('answers the next run with a one-shot responder, then serves normally', async () => {
    // Arrange
    sandbox.interceptOnce(respondWith(429, { Message: 'Too many requests' }, { 'Retry-After': '3' }), 'run');

    // Act
    const first = await call(sandbox, runPath(1, 2), { method: 'POST' });
    const second = await call(sandbox, runPath(1, 2), { method: 'POST' });

    // Assert
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('3');
    expect(await first.json()).toEqual({ Message: 'Too many requests' });
    expect(second.status).toBe(200);
  });

  it('keeps a one-shot responder for its endpoint while other endpoints are called', async () => {
    // Arrange
    sandbox.interceptOnce(respondWith(503, 'busy', { 'Content-Type': 'text/plain' }), 'run');

    // Act
    const status = await call(sandbox, demoJobPath);
    const run = await call(sandbox, runPath(1, 2), { method: 'POST' });

    // Assert
    expect(status.status).toBe(200);
    expect(run.status).toBe(503);
    expect(await run.text()).toBe('busy');
  });

  it('applies a persistent hook until it is removed', async () => {
    // Arrange
    const remove = sandbox.intercept(respondWith(500, { Message: 'An error has occurred.' }));

    // Act
    const during = [await call(sandbox, demoJobPath), await call(sandbox, demoJobPath)];
    remove();
    const after = await call(sandbox, demoJobPath);

    // Assert
    expect(during.map((response) => response.status)).toEqual([500, 500]);
    expect(after.status).toBe(200);
  });

  it('serves the request normally after a delaying hook', async () => {
    // Arrange
    sandbox.interceptOnce(delayThenServe(50));
    const started = performance.now();

    // Act
    const response = await call(sandbox, demoJobPath);

    // Assert
    expect(response.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
  });

  it('can drop the connection without an answer', async () => {
    // Arrange
    sandbox.interceptOnce(destroySocket());

    // Act
    const attempt = call(sandbox, runPath(1, 2), { method: 'POST' });

    // Assert
    await expect(attempt).rejects.toThrow();
  });

  it('can hang before sending headers, leaving only the client timeout', async () => {
    // Arrange
    sandbox.interceptOnce(hangBeforeHeaders());

    // Act
    const attempt = call(sandbox, runPath(1, 2), { method: 'POST', signal: AbortSignal.timeout(100) });

    // Assert
    await expect(attempt).rejects.toThrow(/timeout|aborted/i);
    expect(sandbox.runRequests()).toHaveLength(1);
  });

  it('can hang in the middle of the body', async () => {
    // Arrange
    sandbox.interceptOnce(hangMidBody());

    // Act
    const response = await call(sandbox, runPath(1, 2), { method: 'POST', signal: AbortSignal.timeout(150) });

    // Assert
    expect(response.status).toBe(200);
    await expect(response.text()).rejects.toThrow();
  });

  it('answers 500 when a hook throws', async () => {
    // Arrange
    sandbox.interceptOnce(() => {
      throw new Error('broken hook');
    });

    // Act
    const response = await call(sandbox, demoJobPath);

    // Assert
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ Message: 'An error has occurred.' });
  });

  it('forgets hooks on reset', async () => {
    // Arrange
    sandbox.intercept(respondWith(403, { Message: 'Forbidden' }));

    // Act
    sandbox.reset();
    const response = await call(sandbox, demoJobPath);

    // Assert
    expect(response.status).toBe(200);
  });
});

describe('jobs managed by tests', () => {
  it('numbers a new job one above the highest id', () => {
    // Act
    const ref = sandbox.addImportJob(4);

    // Assert
    expect(ref).toEqual({ contactListId: 4, importJobId: 3 });
  });

  it('gives out a copy of a job, so a test cannot change the sandbox by accident', () => {
    // Arrange
    const copy = sandbox.getImportJob(1, 2);

    // Act
    copy?.contacts.push(contact('extra@example.com'));

    // Assert
    expect(sandbox.getImportJob(1, 2)?.contacts).toHaveLength(3);
  });

  it('starts from the given jobs instead of the demo job', async () => {
    // Arrange
    const seeded = await startOwnSandbox({ jobs: [{ contactListId: 10, importJobId: 20 }] });

    // Assert
    expect(seeded.getImportJob(10, 20)?.importJob.Id).toBe(20);
    expect(seeded.getImportJob(1, 2)).toBeUndefined();
  });

  it('restores the starting jobs on reset', () => {
    // Arrange
    sandbox.addImportJob(1);

    // Act
    sandbox.reset();

    // Assert
    expect(sandbox.getImportJob(1, 3)).toBeUndefined();
  });
});

describe('connections', () => {
  it('counts one connection for sequential keep-alive requests', async () => {
    // Arrange
    const fresh = await startOwnSandbox();

    // Act (fetch hands its connection back to the pool a tick after the body resolves)
    for (let i = 0; i < 5; i += 1) {
      await (await call(fresh, demoJobPath)).text();
      await nextTick();
    }

    // Assert
    expect(fresh.requestCount).toBe(5);
    expect(fresh.connections).toBe(1);
  });

  it('closes promptly while a kept-alive connection is idle and another request hangs', async () => {
    // Arrange
    const fresh = await startWhich50Sandbox();
    await (await call(fresh, demoJobPath)).text();
    fresh.interceptOnce(hangBeforeHeaders());
    const hanging = call(fresh, demoJobPath).catch((error: unknown) => error);
    while (fresh.requestCount < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    const started = performance.now();

    // Act
    await fresh.close();

    // Assert
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(await hanging).toBeInstanceOf(Error);
  });
});

describe('requests in flight', () => {
  it('counts the most requests in flight at once, and none once all are answered', async () => {
    // Arrange
    sandbox.intercept(delayThenServe(100));

    // Act
    const answers = await Promise.all(Array.from({ length: 7 }, () => call(sandbox, demoJobPath)));
    await Promise.all(answers.map((answer) => answer.text()));

    // Assert
    expect(sandbox.maxInFlight).toBe(7);
    expect(sandbox.inFlight).toBe(0);
  });

  it('counts one at a time for sequential requests', async () => {
    // Act
    for (let i = 0; i < 3; i += 1) await (await call(sandbox, demoJobPath)).text();

    // Assert
    expect(sandbox.maxInFlight).toBe(1);
  });

  it('starts counting afresh at reset', async () => {
    // Arrange
    sandbox.intercept(delayThenServe(50));
    await Promise.all(Array.from({ length: 3 }, async () => (await call(sandbox, demoJobPath)).text()));

    // Act
    sandbox.reset();

    // Assert
    expect(sandbox.maxInFlight).toBe(0);
  });
});
