const { adapterBaseUrl } = require('./adapter-url');
const { zapierErrorFor } = require('./adapter-problems');

/** Every request to the adapter presents the connection's key, as the adapter's `x-api-key`. */
const includeApiKey = (request, _z, bundle) => {
  if (bundle.authData?.apiKey) request.headers = { ...request.headers, 'x-api-key': bundle.authData.apiKey };
  return request;
};

/**
 * One request to the adapter at `path` under the connection's Adapter URL. Problem answers become
 * Zapier's own errors (see `zapierErrorFor`); the platform's own 429 handling is turned off so that
 * the adapter's detail and `Retry-After` reach the Zap author. A request that got no answer at all
 * (refused, reset, a name that does not resolve) is an error Zapier may replay: with the step's
 * idempotency key a replay cannot run the import twice.
 */
const callAdapter = async (z, bundle, { method = 'GET', path, body, headers = {} }) => {
  const url = `${adapterBaseUrl(z, bundle.authData)}${path}`;
  let response;
  try {
    response = await z.request({
      url,
      method,
      headers: {
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body }),
      skipThrowForStatus: true,
      throwForThrottlingEarly: false,
    });
  } catch (error) {
    throw new z.errors.Error(
      `The adapter at ${url} could not be reached (${error.code ?? error.message}). Check the Adapter URL.`,
      'AdapterUnreachable',
    );
  }
  if (response.status >= 400) throw zapierErrorFor(z.errors, response);
  return response;
};

module.exports = { callAdapter, includeApiKey };
