import { createRequire } from 'node:module';

/**
 * The integration and the platform's core as Zapier loads them: CommonJS, through Node's own
 * `require`, so that the tests exercise the very files `zapier-platform push` uploads.
 */
const require = createRequire(import.meta.url);
const zapier = require('zapier-platform-core');
const App = require('../../index.js');
const appTester = zapier.createAppTester(App);

/** What an error thrown by the platform's runner says: its class, and its message or JSON parts. */
const zapierErrorOf = async (promise) => {
  try {
    await promise;
  } catch (error) {
    let parts = {};
    try {
      parts = JSON.parse(error.message);
    } catch {
      parts = { message: error.message };
    }
    return { name: error.name, ...parts };
  }
  throw new Error('expected the step to fail, and it succeeded');
};

export { App, appTester, zapier, zapierErrorOf };
