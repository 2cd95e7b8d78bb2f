/**
 * Every credential the suite hands to the adapter or to the integration: inbound API keys, the
 * callback signing secret, the sandbox's upstream token. The leak check looks for each of them in
 * what every test wrote to stdout and stderr.
 */
const TEST_API_KEYS = {
  zapier: 'zapier-connection-key-0001',
  plain: 'zapier-plain-connection-key-0002',
  run: 'zapier-run-test-key-000001',
  scoped: 'zapier-run-scoped-key-0002',
  wait: 'zapier-wait-test-key-000001',
  rotatedAway: 'a-key-rotated-away-0000',
  wrong: 'not-a-configured-key-0000',
};

const CALLBACK_SIGNING_SECRET = `whsec_${Buffer.from('zapier-suite-callback-signing-key-01').toString('base64')}`;
const OTHER_SIGNING_SECRET = `whsec_${Buffer.from('zapier-suite-callback-signing-key-02').toString('base64')}`;

const SANDBOX_TOKEN = 'sandbox-demo-token';

const SECRET_VALUES = [...Object.values(TEST_API_KEYS), CALLBACK_SIGNING_SECRET, OTHER_SIGNING_SECRET, SANDBOX_TOKEN];

export { CALLBACK_SIGNING_SECRET, OTHER_SIGNING_SECRET, SECRET_VALUES, TEST_API_KEYS };
