import {
  IdempotencyItemAlreadyExistsError,
  IdempotencyItemNotFoundError,
  IdempotencyRecordStatus,
} from '@aws-lambda-powertools/idempotency';
import { BasePersistenceLayer, type IdempotencyRecord } from '@aws-lambda-powertools/idempotency/persistence';

/**
 * True when a stored record no longer blocks its key: it has expired, or it is a run still marked
 * in progress whose invocation has run out of time (it crashed). The same rule as the DynamoDB
 * layer's conditional write, so local runs behave as deployed ones.
 */
const isReplaceable = (record: IdempotencyRecord, nowMs: number): boolean => {
  if (record.isExpired()) return true;
  return (
    record.getStatus() === IdempotencyRecordStatus.INPROGRESS &&
    record.inProgressExpiryTimestamp !== undefined &&
    record.inProgressExpiryTimestamp < nowMs
  );
};

/**
 * Idempotency records kept in the process's memory, for the local server and for a deployment
 * without a table. Writing a record is one synchronous step between awaits, so concurrent requests
 * in one process cannot both claim a key. Expired records are dropped as new ones are written, so
 * the map holds at most one TTL's worth of keys.
 */
class MemoryPersistenceLayer extends BasePersistenceLayer {
  readonly #records = new Map<string, IdempotencyRecord>();

  /** How many records are held, expired ones not yet dropped included. */
  get size(): number {
    return this.#records.size;
  }

  protected override async _putRecord(record: IdempotencyRecord): Promise<void> {
    const existing = this.#records.get(record.idempotencyKey);
    if (existing !== undefined && !isReplaceable(existing, Date.now())) {
      throw new IdempotencyItemAlreadyExistsError(
        `Failed to put record for already existing idempotency key: ${record.idempotencyKey}`,
        existing,
      );
    }
    this.#dropExpired();
    this.#records.set(record.idempotencyKey, record);
  }

  protected override async _getRecord(idempotencyKey: string): Promise<IdempotencyRecord> {
    const record = this.#records.get(idempotencyKey);
    if (record === undefined) throw new IdempotencyItemNotFoundError();
    return record;
  }

  protected override async _updateRecord(record: IdempotencyRecord): Promise<void> {
    this.#records.set(record.idempotencyKey, record);
  }

  protected override async _deleteRecord(record: IdempotencyRecord): Promise<void> {
    this.#records.delete(record.idempotencyKey);
  }

  #dropExpired(): void {
    for (const [key, record] of this.#records) {
      if (record.isExpired()) this.#records.delete(key);
    }
  }
}

export { MemoryPersistenceLayer };
