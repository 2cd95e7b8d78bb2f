import { describe, expect, it } from 'vitest';
import { followDeadline, isFinished, nextFollowStep, pollDelaySeconds } from '../../../lambda/runs/follow-schedule';
import { anImportJob } from '../../support/run-record-factories';

/** The draw that takes the whole scheduled delay (the jitter's upper end). */
const NO_JITTER = 0.999_999;
const HOUR_MS = 3_600_000;

describe('pollDelaySeconds', () => {
  it('waits 5 s first, then 1.5 times longer each poll, rounded up to whole seconds', () => {
    // Arrange
    const polls = [1, 2, 3, 4, 5];

    // Act
    const delays = polls.map((poll) => pollDelaySeconds(poll, NO_JITTER));

    // Assert
    expect(delays).toEqual([5, 8, 12, 17, 26]);
  });

  it('never waits longer than five minutes', () => {
    // Arrange
    const late = 40;

    // Act
    const delay = pollDelaySeconds(late, NO_JITTER);

    // Assert
    expect(delay).toBe(300);
  });

  it('takes at most a fifth off the scheduled delay, and never adds to it', () => {
    // Arrange
    const draws = [0, 0.25, 0.5, 0.75, NO_JITTER];

    // Act
    const delays = draws.map((draw) => pollDelaySeconds(20, draw));

    // Assert
    expect(Math.min(...delays)).toBe(240);
    expect(Math.max(...delays)).toBe(300);
    expect(delays).toEqual([...delays].sort((a, b) => a - b));
  });
});

describe('isFinished', () => {
  it('is true once Which50 set the finish date', () => {
    expect(isFinished(anImportJob({ finishDate: '2026-12-02T10:05:00.000Z', progressPercent: 90 }))).toBe(true);
  });

  it('is true at 100 % even without a finish date', () => {
    expect(isFinished(anImportJob({ progressPercent: 100 }))).toBe(true);
  });

  it('is false while the job runs', () => {
    expect(isFinished(anImportJob({ progressPercent: 99 }))).toBe(false);
  });
});

describe('nextFollowStep', () => {
  const started = Date.parse('2026-12-02T10:00:00.000Z');
  const deadline = followDeadline(started, 24);

  it('measures the follow bound from the run’s start', () => {
    expect(deadline - started).toBe(24 * HOUR_MS);
  });

  it('stops at a finished job', () => {
    // Arrange
    const job = anImportJob({ progressPercent: 100 });

    // Act
    const decision = nextFollowStep({ job, look: 3, now: started + 60_000, deadline }, NO_JITTER);

    // Assert
    expect(decision).toEqual({ kind: 'finished' });
  });

  it('polls again by the schedule while the job runs', () => {
    // Arrange
    const job = anImportJob();

    // Act
    const decision = nextFollowStep({ job, look: 1, now: started, deadline }, NO_JITTER);

    // Assert
    expect(decision).toEqual({ kind: 'poll', delaySeconds: 5 });
  });

  it('never waits past the deadline: the last poll lands on it', () => {
    // Arrange
    const job = anImportJob();

    // Act
    const decision = nextFollowStep({ job, look: 40, now: deadline - 42_000, deadline }, NO_JITTER);

    // Assert
    expect(decision).toEqual({ kind: 'poll', delaySeconds: 42 });
  });

  it('times out at the deadline while the job still runs', () => {
    // Arrange
    const job = anImportJob();

    // Act
    const decision = nextFollowStep({ job, look: 300, now: deadline, deadline }, NO_JITTER);

    // Assert
    expect(decision).toEqual({ kind: 'timed-out' });
  });
});
