import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/support/leak-check.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    env: {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local-test-access-key',
      AWS_SECRET_ACCESS_KEY: 'local-test-secret-key',
      POWERTOOLS_LOG_LEVEL: 'DEBUG',
    },
  },
});
