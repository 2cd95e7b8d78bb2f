import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startWhich50Sandbox, type Which50Sandbox } from '../../../dev/which50-sandbox';
import { hangBeforeHeaders, respondWith } from '../../../dev/which50-sandbox-faults';
import type { AdapterSecret } from '../../../lambda/secrets/adapter-secret';
import { type AttemptReport, createWhich50Client, type Which50Client } from '../../../lambda/which50/client';
import { anAdapterSecret, aRunCommand } from '../../support/factories';

const SANDBOX_TOKEN = 'observer-test-upstream-token';
const REF = { contactListId: 1, importJobId: 2 };

/** An observer that keeps every report it is given. */
const anObserver = () => {
  const reports: AttemptReport[] = [];
  return { reports, attempted: (report: AttemptReport) => void reports.push(report) };
};

describe('the Which50 client, watched by an observer', () => {
  let sandbox: Which50Sandbox;
  let secret: AdapterSecret;
  let client: Which50Client;

  const aDeadline = (): number => Date.now() + 1_500;

  beforeAll(async () => {
    sandbox = await startWhich50Sandbox({ auth: { scheme: 'bearer', token: SANDBOX_TOKEN } });
  });
  afterAll(() => sandbox.close());
  beforeEach(() => {
    sandbox.reset();
    secret = anAdapterSecret({
      which50: { baseUrl: new URL(sandbox.baseUrl), auth: { scheme: 'bearer', token: SANDBOX_TOKEN } },
    });
    client = createWhich50Client({
      loadSecret: vi.fn(async () => secret),
      attemptTimeoutMs: 300,
      circuitBreaker: { threshold: 5, openMs: 30_000 },
    });
  });

  it('reports a run answered at once as one attempt, with its method, status and time', async () => {
    // Arrange
    const observer = anObserver();

    // Act
    await client.runImport(aRunCommand(), aDeadline(), observer);

    // Assert
    expect(observer.reports).toEqual([
      expect.objectContaining({ method: 'POST', status: 200, ms: expect.any(Number) }),
    ]);
    expect(observer.reports[0]?.ms).toBeGreaterThan(0);
  });

  it('reports every attempt of a throttled run, in order', async () => {
    // Arrange
    const observer = anObserver();
    sandbox.interceptOnce(respondWith(429, { Message: 'Slow down' }, { 'Retry-After': '0' }), 'run');

    // Act
    await client.runImport(aRunCommand(), aDeadline(), observer);

    // Assert
    expect(observer.reports.map(({ status }) => status)).toEqual([429, 200]);
  });

  it('reports an attempt that got no answer by why', async () => {
    // Arrange
    const observer = anObserver();
    sandbox.interceptOnce(hangBeforeHeaders(), 'run');

    // Act
    await client.runImport(aRunCommand(), aDeadline(), observer).catch(() => undefined);

    // Assert
    expect(observer.reports[0]).toMatchObject({ method: 'POST', failure: 'timed-out' });
    expect(observer.reports[0]).not.toHaveProperty('status');
  });

  it('reports the attempts of a status read', async () => {
    // Arrange
    const observer = anObserver();

    // Act
    await client.readImportJob(REF, aDeadline(), observer);

    // Assert
    expect(observer.reports).toEqual([expect.objectContaining({ method: 'GET', status: 200 })]);
  });

  it('answers the same with an observer as without one', async () => {
    // Act
    const watched = await client.readImportJob(REF, aDeadline(), anObserver());
    const unwatched = await client.readImportJob(REF, aDeadline());

    // Assert
    expect(watched).toEqual(unwatched);
  });

  it('never hands the observer a header, a URL or a body', async () => {
    // Arrange
    const observer = anObserver();

    // Act
    await client.runImport(aRunCommand({ customEvents: ['SendWelcomeEmail'] }), aDeadline(), observer);

    // Assert
    const reported = JSON.stringify(observer.reports);
    expect(reported).not.toContain(SANDBOX_TOKEN);
    expect(reported).not.toContain('SendWelcomeEmail');
    expect(reported).not.toContain(sandbox.baseUrl);
    expect(Object.keys(observer.reports[0] ?? {}).toSorted()).toEqual(['kind', 'method', 'ms', 'retryAfter', 'status']);
  });
});
