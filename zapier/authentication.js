const { callAdapter } = require('./adapter-client');

/**
 * The connection test: `GET /me`, which answers who the key is without running anything. A 2xx
 * that is not `/me`'s answer comes from some other server at that URL (a wrong path or stage).
 */
const test = async (z, bundle) => {
  const response = await callAdapter(z, bundle, { path: '/me' });
  const me = response.data;
  if (typeof me?.principal !== 'string' || typeof me?.scheme !== 'string') {
    throw new z.errors.Error(
      'The Adapter URL answered, but not as the which50-import-webhook adapter does: give its API URL with the stage (for example …/v1), not a page or another service.',
      'NotTheAdapter',
      response.status,
    );
  }
  return me;
};

/** The connection's name in Zapier: the credential's principal (its `name` in the adapter's secret). */
const connectionLabel = (_z, bundle) => bundle.inputData.principal;

module.exports = {
  type: 'custom',
  fields: [
    {
      key: 'baseUrl',
      label: 'Adapter URL',
      type: 'string',
      required: true,
      helpText:
        'The which50-import-webhook API URL, stage included, as the deployment printed it, e.g. `https://abc123.execute-api.eu-west-1.amazonaws.com/v1`.',
    },
    {
      key: 'apiKey',
      label: 'API key',
      type: 'password',
      required: true,
      helpText:
        'A key from the adapter’s secret (`inbound.apiKeys`). Give it a `name` there (e.g. `zapier`) to see that name as this connection’s label, and a `scope` to limit which jobs Zaps can run.',
    },
    {
      key: 'callbackSigningSecret',
      label: 'Callback signing secret',
      type: 'password',
      required: false,
      helpText:
        'Optional: the adapter’s `outbound.callbackSigningSecret` (`whsec_…`). When given, “Run Import Job and Wait” accepts only callbacks signed with it.',
    },
  ],
  test,
  connectionLabel,
};
