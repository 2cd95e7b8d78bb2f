import { createHash, randomBytes } from 'node:crypto';

/**
 * A run id is also its durable execution's name, which Lambda limits to 1..64 characters of
 * `[a-zA-Z0-9_-]`: `run_` and 43 base64url characters (256 bits) fit, and the status route can
 * tell a well-formed id from anything else before it reads a record.
 */
const RUN_ID = /^run_[A-Za-z0-9_-]{43}$/;

const asRunId = (bytes: Buffer): string => `run_${bytes.toString('base64url')}`;

/**
 * The run id of a keyed request: a digest of the principal-namespaced idempotency key, so that a
 * duplicate names the same run (and the same execution, which Lambda starts once per name), while
 * the key itself, which may be the sender's secret-ish delivery id, is never shown.
 */
const keyedRunId = (namespacedKey: string): string =>
  asRunId(createHash('sha256').update(`async-run\n${namespacedKey}`).digest());

/** The run id of a request without a key: random, so every such request is a run of its own. */
const randomRunId = (): string => asRunId(randomBytes(32));

const isRunId = (text: string): boolean => RUN_ID.test(text);

export { isRunId, keyedRunId, randomRunId };
