/** Where plain `http:` is allowed: this machine only (a local adapter), never across a network. */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

const EXAMPLE_URL = 'https://abc123.execute-api.eu-west-1.amazonaws.com/v1';

/**
 * The connection's Adapter URL, read once: `https:` (plain `http:` only to this machine, where a
 * local adapter listens), no user info, no query, no trailing slash, so that route paths can be
 * appended. A value that breaks a rule is the Zap author's to fix, so the message says how.
 */
const adapterBaseUrl = (z, authData) => {
  const text = String(authData.baseUrl ?? '').trim();
  const refuse = (reason) =>
    new z.errors.Error(
      `Adapter URL ${reason}; give the adapter's API URL with its stage, e.g. ${EXAMPLE_URL}.`,
      'InvalidAdapterUrl',
      400,
    );
  let url;
  try {
    url = new URL(text);
  } catch {
    throw refuse('is not a URL');
  }
  const local = url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);
  if (url.protocol !== 'https:' && !local) throw refuse('must start with https://');
  if (url.username !== '' || url.password !== '') throw refuse('must not carry a user name or password');
  if (url.search !== '' || url.hash !== '') throw refuse('must not carry a query or fragment');
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
};

module.exports = { adapterBaseUrl };
