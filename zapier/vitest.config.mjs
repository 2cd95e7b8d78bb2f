import { defineConfig } from 'vitest/config';

/**
 * The integration's own tests. They start the real adapter (the repository's `lambda/handler.ts`
 * and `dev/` servers, loaded through relative paths with the repository's own dependencies), so the
 * repository's `npm ci` must have run first.
 */
export default defineConfig({
  test: {
    include: ['test/**/*.test.mjs'],
    setupFiles: ['test/support/leak-check.mjs'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    env: {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local-test-access-key',
      AWS_SECRET_ACCESS_KEY: 'local-test-secret-key',
      POWERTOOLS_LOG_LEVEL: 'DEBUG',
      POWERTOOLS_METRICS_DISABLED: 'true',
    },
  },
});
