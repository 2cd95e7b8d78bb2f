import { buildAdapter } from '../lambda/adapter';
import type { AdapterConfig } from '../lambda/config';
import { readConfig } from '../lambda/config';
import { createHandler } from '../lambda/create-handler';
import { memoryPersistence } from '../lambda/idempotency/persistence-stores';
import type { SecretSource } from '../lambda/secrets/secret-source';
import type { LocalAsyncRuns } from './local-async-runs';

interface LocalHandler {
  readonly handler: ReturnType<typeof createHandler>;
  /** The async runs once the first async request started them; undefined before. */
  asyncRuns(): Promise<LocalAsyncRuns> | undefined;
  /** Stops the durable runner, if it was started. */
  close(): Promise<void>;
}

/**
 * The handler `npm start` serves without `SECRET_ID`: the deployed composition, settings read from
 * `env` once, idempotency and run records in memory, and async runs on the in-process durable
 * runner, which starts (worker thread and all) on the first async request, so that a local server
 * that only runs sync requests never pays for it.
 */
const createLocalHandler = (
  secretSourceFor: (config: AdapterConfig) => SecretSource,
  options: { readonly concurrency?: number; readonly env?: Readonly<Record<string, string | undefined>> } = {},
): LocalHandler => {
  let asyncRuns: Promise<LocalAsyncRuns> | undefined;
  const handler = createHandler(() => {
    const config = readConfig(options.env ?? process.env);
    const loadSecret = secretSourceFor(config);
    return buildAdapter(config, loadSecret, memoryPersistence(), () => {
      asyncRuns ??= import('./local-async-runs').then(({ startLocalAsyncRuns }) =>
        startLocalAsyncRuns(config, loadSecret, { concurrency: options.concurrency }),
      );
      return asyncRuns;
    });
  });
  return {
    handler,
    asyncRuns: () => asyncRuns,
    close: async () => {
      await (await asyncRuns)?.runner.close();
    },
  };
};

export { createLocalHandler, type LocalHandler };
