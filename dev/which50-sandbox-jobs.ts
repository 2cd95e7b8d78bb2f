/**
 * The Which50 sandbox's data: contact lists and their import jobs, and what running a job does to
 * them. No HTTP here, so the import rules can be read (and changed) in one place.
 */

import type { ImportJob } from './which50-sandbox-wire';
import { dotNetTimestamp, UNSET_DOTNET_DATE } from './which50-sandbox-wire';

/** A contact as the upstream accepts it in an import request. */
interface Contact {
  EncContactId?: string | null;
  ListId?: number;
  Values?: Record<string, unknown>;
}

/** The ImportJob members a seed may preset (the ids come from the seed itself). */
type ImportJobFields = Partial<Omit<ImportJob, 'Id' | 'ContactListId'>>;

/** One import job to create, at start-up or later through `addImportJob`. */
interface SandboxJobSeed {
  contactListId: number;
  /** Default: one more than the highest job id so far. */
  importJobId?: number;
  fieldNames?: string[];
  contacts?: Contact[];
  /** Overrides of the job as read before any run, e.g. `{ FinishDate: null }` for an XML nil. */
  fields?: ImportJobFields;
}

/** Everything the sandbox knows about one job, for tests to inspect. */
interface SandboxJobState {
  importJob: ImportJob;
  fieldNames: string[];
  contacts: Contact[];
  /** The custom events of each run, in run order. */
  customEventRuns: string[][];
}

const PLAUSIBLE_EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** Members in the order the upstream's JSON serializer writes them. */
const newImportJob = (id: number, contactListId: number, fields: ImportJobFields = {}): ImportJob => ({
  Id: id,
  ContactListId: contactListId,
  InvalidEmailCount: fields.InvalidEmailCount ?? 0,
  InvalidSmsCount: fields.InvalidSmsCount ?? 0,
  ProgressPercent: fields.ProgressPercent ?? 0,
  CurrentStatus: fields.CurrentStatus === undefined ? 'Created' : fields.CurrentStatus,
  StartDate: fields.StartDate === undefined ? UNSET_DOTNET_DATE : fields.StartDate,
  FinishDate: fields.FinishDate === undefined ? UNSET_DOTNET_DATE : fields.FinishDate,
  InsertedContacts: fields.InsertedContacts ?? 0,
  UpdatedContacts: fields.UpdatedContacts ?? 0,
  DroppedContacts: fields.DroppedContacts ?? 0,
  NotUpdatedContacts: fields.NotUpdatedContacts ?? 0,
  TotalContacts: fields.TotalContacts ?? 0,
});

const emailOf = (contact: Contact): string | undefined => {
  const values = contact.Values ?? {};
  const key = Object.keys(values).find((name) => name.toLowerCase() === 'email');
  const email = key === undefined ? undefined : values[key];
  return typeof email === 'string' && PLAUSIBLE_EMAIL.test(email.trim()) ? email.trim().toLowerCase() : undefined;
};

type RunCounts = Pick<
  ImportJob,
  'InsertedContacts' | 'UpdatedContacts' | 'DroppedContacts' | 'NotUpdatedContacts' | 'InvalidEmailCount'
>;

/**
 * Imports a job's contacts into its list, keyed by email: a new address is inserted, a known one
 * updated, a repeat within the job left alone, and one without a plausible address dropped.
 * Contacts stay on the job, so running it again updates rather than inserts.
 */
const importContacts = (contacts: readonly Contact[], members: Set<string>): RunCounts => {
  const counts: RunCounts = {
    InsertedContacts: 0,
    UpdatedContacts: 0,
    DroppedContacts: 0,
    NotUpdatedContacts: 0,
    InvalidEmailCount: 0,
  };
  const seenThisRun = new Set<string>();
  for (const contact of contacts) {
    const email = emailOf(contact);
    if (email === undefined) {
      counts.InvalidEmailCount += 1;
      counts.DroppedContacts += 1;
    } else if (seenThisRun.has(email)) {
      counts.NotUpdatedContacts += 1;
    } else if (members.has(email)) {
      counts.UpdatedContacts += 1;
    } else {
      counts.InsertedContacts += 1;
      members.add(email);
    }
    seenThisRun.add(email ?? '');
  }
  return counts;
};

const subMillisecondTicks = (): number => Number(process.hrtime.bigint() % 10_000n);

/** A run still in progress: when it finishes, and how the job will read then. */
interface RunningJob {
  readonly startedAt: number;
  readonly finishAt: number;
  readonly finished: ImportJob;
}

/**
 * Contact lists (each a set of member emails) and their import jobs; job ids are global. A run
 * finishes `finishAfterMs` after it started (0: at once, in the run's own answer); until then the
 * job reads as running, its progress growing with the time elapsed, and it finishes when it is
 * next read after that time (there is no timer: a clock that jumps, as a test's does, finishes
 * it as a real one would).
 */
class ImportJobStore {
  private readonly members = new Map<number, Set<string>>();
  private readonly jobs = new Map<number, SandboxJobState>();
  private readonly running = new Map<number, RunningJob>();

  constructor(
    private readonly finishAfterMs = 0,
    private readonly now: () => number = () => Date.now(),
  ) {}

  addContactList(contactListId: number): void {
    if (!this.members.has(contactListId)) this.members.set(contactListId, new Set());
  }

  hasContactList(contactListId: number): boolean {
    return this.members.has(contactListId);
  }

  createJob(seed: SandboxJobSeed): SandboxJobState {
    this.addContactList(seed.contactListId);
    const id = seed.importJobId ?? Math.max(0, ...this.jobs.keys()) + 1;
    const state: SandboxJobState = {
      importJob: newImportJob(id, seed.contactListId, seed.fields),
      fieldNames: [...(seed.fieldNames ?? [])],
      contacts: [...(seed.contacts ?? [])],
      customEventRuns: [],
    };
    this.jobs.set(id, state);
    return state;
  }

  /** The job, only if it belongs to that list (the upstream scopes jobs by list). */
  find(contactListId: number, importJobId: number): SandboxJobState | undefined {
    const state = this.jobs.get(importJobId);
    if (state?.importJob.ContactListId !== contactListId) return undefined;
    this.progress(state, this.now());
    return state;
  }

  /** Brings a running job up to `now`: finished once its time has come, else its progress so far. */
  private progress(state: SandboxJobState, now: number): void {
    const running = this.running.get(state.importJob.Id);
    if (running === undefined) return;
    if (now >= running.finishAt) {
      state.importJob = running.finished;
      this.running.delete(state.importJob.Id);
      return;
    }
    const share = (now - running.startedAt) / (running.finishAt - running.startedAt);
    state.importJob = { ...state.importJob, ProgressPercent: Math.min(99, Math.floor(share * 100)) };
  }

  addContacts(state: SandboxJobState, contacts: readonly Contact[]): void {
    state.contacts.push(...contacts);
  }

  /**
   * Runs the import now and records its custom events. Returns the job as it reads right after:
   * finished, or (with `finishAfterMs`) running, at 0 %, its counts shown once it finishes.
   */
  run(state: SandboxJobState, customEvents: readonly string[]): ImportJob {
    const members = this.members.get(state.importJob.ContactListId) ?? new Set<string>();
    const startedAt = new Date(this.now());
    const startTicks = subMillisecondTicks();
    const counts = importContacts(state.contacts, members);
    const finishedAt = new Date(startedAt.getTime() + this.finishAfterMs);
    const finished: ImportJob = {
      ...state.importJob,
      ...counts,
      ProgressPercent: 100,
      CurrentStatus: 'Finished',
      StartDate: dotNetTimestamp(startedAt, startTicks),
      FinishDate: dotNetTimestamp(finishedAt, Math.min(9_999, startTicks + 1)),
      TotalContacts: state.contacts.length,
    };
    state.customEventRuns.push([...customEvents]);
    if (this.finishAfterMs <= 0) {
      this.running.delete(state.importJob.Id);
      state.importJob = finished;
      return state.importJob;
    }
    this.running.set(state.importJob.Id, { startedAt: startedAt.getTime(), finishAt: finishedAt.getTime(), finished });
    state.importJob = {
      ...state.importJob,
      ProgressPercent: 0,
      CurrentStatus: 'Running',
      StartDate: finished.StartDate,
      FinishDate: UNSET_DOTNET_DATE,
    };
    return state.importJob;
  }
}

export type { Contact, ImportJobFields, SandboxJobSeed, SandboxJobState };
export { ImportJobStore };
