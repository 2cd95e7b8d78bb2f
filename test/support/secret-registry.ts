/**
 * The secret values the test suite has handed to the adapter: tokens, passwords, API keys, signing
 * secrets. The leak check looks for every one of them in what each test logged and received, so
 * anything that gives the adapter a secret registers it here.
 */

/** Shorter values are too likely to occur by chance ("abc") to be told apart from a leak. */
const MIN_SECRET_LENGTH = 8;

/** Registered values, each with a label that names it without repeating it. */
const registered = new Map<string, string>();

/** Remembers one value as secret; anything that is not a string of some length is ignored. */
const registerSecretValue = (value: unknown, label: string): void => {
  if (typeof value !== 'string' || value.length < MIN_SECRET_LENGTH || registered.has(value)) return;
  registered.set(value, label);
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const registerUpstreamAuth = (auth: unknown): void => {
  if (!isRecord(auth)) return;
  registerSecretValue(auth.token, 'which50.auth.token');
  registerSecretValue(auth.password, 'which50.auth.password');
  registerSecretValue(auth.value, 'which50.auth.value');
  if (typeof auth.username === 'string' && typeof auth.password === 'string') {
    const basic = Buffer.from(`${auth.username}:${auth.password}`, 'utf8').toString('base64');
    registerSecretValue(basic, 'which50.auth (Basic credential)');
  }
};

/** Every credential text in one inbound field: a string, an entry object, a list of them, or parsed entries. */
const credentialTexts = (field: unknown): unknown[] =>
  (Array.isArray(field) ? field : [field]).map((entry) => (isRecord(entry) ? (entry.key ?? entry.secret) : entry));

const registerInbound = (inbound: unknown): void => {
  if (!isRecord(inbound)) return;
  const fields = {
    apiKeys: [inbound.apiKeys],
    standardWebhooksSecret: [inbound.standardWebhooksSecret, inbound.standardWebhooks],
    hmacSha256Secret: [inbound.hmacSha256Secret, inbound.hubSignatures],
  };
  for (const [name, values] of Object.entries(fields)) {
    for (const value of values.flatMap(credentialTexts)) {
      registerSecretValue(value, `inbound.${name}`);
      if (typeof value === 'string' && value.startsWith('whsec_')) {
        registerSecretValue(value.slice('whsec_'.length), `inbound.${name} (key)`);
      }
    }
  }
};

/** The callback signing secret, whole and as its key alone. */
const registerOutbound = (outbound: unknown): void => {
  if (!isRecord(outbound)) return;
  const secret = outbound.callbackSigningSecret;
  registerSecretValue(secret, 'outbound.callbackSigningSecret');
  if (typeof secret === 'string' && secret.startsWith('whsec_')) {
    registerSecretValue(secret.slice('whsec_'.length), 'outbound.callbackSigningSecret (key)');
  }
};

/**
 * Remembers every secret value in an adapter secret, given as its document or its JSON text. Text
 * that is not JSON is a secret as a whole (a test storing a broken secret still stores secrets).
 */
const registerSecretDocument = (document: unknown): void => {
  let parsed = document;
  if (typeof document === 'string') {
    try {
      parsed = JSON.parse(document);
    } catch {
      registerSecretValue(document, 'secret text');
      return;
    }
  }
  if (!isRecord(parsed)) return;
  registerUpstreamAuth(isRecord(parsed.which50) ? parsed.which50.auth : undefined);
  registerInbound(parsed.inbound);
  registerOutbound(parsed.outbound);
};

/** The label of the first registered value that `text` contains, or undefined when it holds none. */
const secretFoundIn = (text: string): string | undefined => {
  if (text.length < MIN_SECRET_LENGTH) return undefined;
  for (const [value, label] of registered) {
    if (text.includes(value)) return label;
  }
  return undefined;
};

/** `text` with every registered value replaced by its label, so that it can be shown safely. */
const redactSecrets = (text: string): string => {
  let redacted = text;
  for (const [value, label] of registered) redacted = redacted.replaceAll(value, `[secret: ${label}]`);
  return redacted;
};

export { redactSecrets, registerSecretDocument, registerSecretValue, secretFoundIn };
