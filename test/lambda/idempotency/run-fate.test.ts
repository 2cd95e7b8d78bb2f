import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mayHaveStarted, RunFateWatch } from '../../../lambda/idempotency/run-fate';
import type { AttemptFailure } from '../../../lambda/which50/attempt';
import type { AttemptReport, UpstreamObserver } from '../../../lambda/which50/client';

/** An attempt that got an answer with `status`, as the Which50 client reports it. */
const anAnswer = (status: number, { method = 'POST', ms = 120 }: Partial<Pick<AttemptReport, 'method' | 'ms'>> = {}) =>
  ({ kind: 'answer', status, retryAfter: null, method, ms }) as const satisfies AttemptReport;

/** An attempt that got no answer, for `failure`. */
const aFailure = (
  failure: AttemptFailure,
  { method = 'POST', ms = 120 }: Partial<Pick<AttemptReport, 'method' | 'ms'>> = {},
) => ({ kind: 'failure', failure, method, ms }) as const satisfies AttemptReport;

describe('mayHaveStarted', () => {
  it.each([
    ['a 2xx (whose body may still not read)', [200, 201, 202, 204, 299]],
    ['a 5xx other than 503', [500, 502, 504]],
  ])('says a POST answered with %s may have started the run', (_case, statuses) => {
    // Act
    const started = statuses.map((status) => mayHaveStarted(anAnswer(status)));

    // Assert
    expect(started).toEqual(statuses.map(() => true));
  });

  it.each([
    ['429 or 503: Which50 turned it away', [429, 503]],
    ['a 4xx: Which50 refused it', [400, 401, 403, 404, 409, 417, 422]],
  ])('says a POST answered with %s did not start the run', (_case, statuses) => {
    // Act
    const started = statuses.map((status) => mayHaveStarted(anAnswer(status)));

    // Assert
    expect(started).toEqual(statuses.map(() => false));
  });

  it.each([
    ['timed out after sending', 'timed-out', true],
    ['reset after sending', 'reset', true],
    ['answered with more than can be read', 'too-large', true],
    ['whose connection was refused', 'unreachable', false],
    ['whose kept-alive socket was found closed before writing', 'stale', false],
    ['that could not be sent at all (TLS, DNS)', 'unusable', false],
  ] as const)('says whether a POST %s may have started the run', (_case, failure, expected) => {
    // Act
    const started = mayHaveStarted(aFailure(failure));

    // Assert
    expect(started).toBe(expected);
  });
});

/** The invocation's own observer, keeping what it is told. */
const aRecordingObserver = () => {
  const reports: AttemptReport[] = [];
  const observer: UpstreamObserver = { attempted: (report) => reports.push(report) };
  return { observer, reports };
};

/** A watch passing reports on to an observer nobody reads. */
const aWatch = () => new RunFateWatch(aRecordingObserver().observer);

describe('RunFateWatch', () => {
  const NOW = Date.parse('2026-11-26T10:00:00.000Z');

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('knows of no POST and no possible run before any attempt', () => {
    // Act
    const watch = aWatch();

    // Assert
    expect([watch.mayHaveRun, watch.firstPostAt]).toEqual([false, undefined]);
  });

  it('dates the first POST to when it was sent: the time it was reported less the time it took', () => {
    // Arrange
    const watch = aWatch();

    // Act
    watch.attempted(anAnswer(500, { ms: 2_500 }));

    // Assert
    expect(watch.firstPostAt).toBe(NOW - 2_500);
  });

  it('keeps the first POST’s time across later attempts', () => {
    // Arrange
    const watch = aWatch();
    watch.attempted(anAnswer(503, { ms: 100 }));
    vi.setSystemTime(NOW + 5_000);

    // Act
    watch.attempted(aFailure('timed-out', { ms: 3_000 }));

    // Assert
    expect(watch.firstPostAt).toBe(NOW - 100);
  });

  it.each([
    ['500', anAnswer(500)],
    ['502', anAnswer(502)],
    ['504', anAnswer(504)],
    ['a 200 whose body will not read', anAnswer(200)],
    ['a timeout after sending', aFailure('timed-out')],
    ['a reset after sending', aFailure('reset')],
    ['an answer too large', aFailure('too-large')],
  ])('says the run may have happened after a POST ending in %s', (_case, report) => {
    // Arrange
    const watch = aWatch();

    // Act
    watch.attempted(report);

    // Assert
    expect(watch.mayHaveRun).toBe(true);
  });

  it.each([
    ['429', anAnswer(429)],
    ['503', anAnswer(503)],
    ['a 4xx', anAnswer(422)],
    ['a refused connection', aFailure('unreachable')],
    ['a stale socket', aFailure('stale')],
    ['an unusable address', aFailure('unusable')],
  ])('says the run certainly did not happen after a POST ending in %s, yet dates the POST', (_case, report) => {
    // Arrange
    const watch = aWatch();

    // Act
    watch.attempted(report);

    // Assert
    expect(watch.mayHaveRun).toBe(false);
    expect(watch.firstPostAt).toBe(NOW - report.ms);
  });

  it('says the run may have happened when any POST of several may have started it', () => {
    // Arrange
    const watch = aWatch();
    watch.attempted(anAnswer(429));
    watch.attempted(aFailure('stale'));

    // Act
    watch.attempted(anAnswer(502));

    // Assert
    expect(watch.mayHaveRun).toBe(true);
  });

  it('does not forget a possible run when a later attempt was a certain non-run', () => {
    // Arrange
    const watch = aWatch();
    watch.attempted(aFailure('reset'));

    // Act
    watch.attempted(aFailure('unreachable'));

    // Assert
    expect(watch.mayHaveRun).toBe(true);
  });

  it('ignores status reads, however they end: a GET runs nothing', () => {
    // Arrange
    const watch = aWatch();

    // Act
    watch.attempted(aFailure('timed-out', { method: 'GET' }));
    watch.attempted(anAnswer(500, { method: 'GET' }));

    // Assert
    expect([watch.mayHaveRun, watch.firstPostAt]).toEqual([false, undefined]);
  });

  it('passes every report on to the invocation’s observer, status reads included, in order', () => {
    // Arrange
    const { observer, reports } = aRecordingObserver();
    const watch = new RunFateWatch(observer);
    const told = [anAnswer(503), aFailure('timed-out'), anAnswer(200, { method: 'GET' })];

    // Act
    for (const report of told) watch.attempted(report);

    // Assert
    expect(reports).toEqual(told);
  });
});
