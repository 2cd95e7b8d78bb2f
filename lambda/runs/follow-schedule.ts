import type { ImportJob } from '../import-job';

/** The first poll comes this long after the run's own answer. */
const FIRST_POLL_SECONDS = 5;
/** Each poll waits this much longer than the one before. */
const POLL_GROWTH = 1.5;
/** No poll waits longer than this: a finished job is noticed within five minutes. */
const MAX_POLL_SECONDS = 300;
/** The jitter takes off at most this share of a poll's delay. */
const JITTER_SHARE = 0.2;

/** True when the job has ended: Which50 set its finish date, or says it is 100 % done. */
const isFinished = (job: ImportJob): boolean => job.finishDate !== null || job.progressPercent === 100;

/** The instant (epoch ms) a run stops following its job: `FOLLOW_MAX_HOURS` after the run started. */
const followDeadline = (runStartedAt: number, followMaxHours: number): number =>
  runStartedAt + followMaxHours * 3_600_000;

/**
 * The wait before poll `poll` (1 for the first): 5 s, then x1.5 each time, at most 300 s, with
 * jitter. The jitter draws the wait uniformly from the last fifth below that figure (`random` in
 * [0, 1): 0 takes 80 %, nearly 1 takes all of it), so that many runs accepted in one burst spread
 * their polls instead of reaching Which50 in step, while no poll ever comes later than the schedule
 * says. Whole seconds, rounded up, since durable waits are counted in seconds.
 */
const pollDelaySeconds = (poll: number, random: number): number => {
  const scheduled = Math.min(FIRST_POLL_SECONDS * POLL_GROWTH ** (poll - 1), MAX_POLL_SECONDS);
  return Math.max(1, Math.ceil(scheduled * (1 - JITTER_SHARE + JITTER_SHARE * random)));
};

/** What to do after a look at the job: wait this long and look again, or stop (finished, or out of time). */
type FollowDecision =
  | { readonly kind: 'poll'; readonly delaySeconds: number }
  | { readonly kind: 'finished' }
  | { readonly kind: 'timed-out' };

/**
 * The decision after look number `look` (1: the run's own answer) taken at `now`: a finished job
 * ends the wait; past the deadline it ends timed out; else the next poll waits by the schedule,
 * never past the deadline (the last poll then lands on it).
 */
const nextFollowStep = (
  {
    job,
    look,
    now,
    deadline,
  }: { readonly job: ImportJob; readonly look: number; readonly now: number; readonly deadline: number },
  random: number,
): FollowDecision => {
  if (isFinished(job)) return { kind: 'finished' };
  if (now >= deadline) return { kind: 'timed-out' };
  const untilDeadline = Math.max(1, Math.ceil((deadline - now) / 1_000));
  return { kind: 'poll', delaySeconds: Math.min(pollDelaySeconds(look, random), untilDeadline) };
};

export {
  FIRST_POLL_SECONDS,
  type FollowDecision,
  followDeadline,
  isFinished,
  MAX_POLL_SECONDS,
  nextFollowStep,
  POLL_GROWTH,
  pollDelaySeconds,
};
