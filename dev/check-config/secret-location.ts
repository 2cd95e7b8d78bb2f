import { readFile } from 'node:fs/promises';
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import type { AdapterConfig, Environment } from '../../lambda/config';
import { fileSecretSource } from '../../lambda/secrets/file-source';
import type { SecretSource } from '../../lambda/secrets/secret-source';
import { secretsManagerSource } from '../../lambda/secrets/secrets-manager-source';

/** Where the secret to check lives: a local file, a deployed Secrets Manager secret, or nowhere. */
type SecretLocation =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'secrets-manager'; readonly secretId: string }
  | { readonly kind: 'none' };

/** A secret named on the command line, which wins over the environment. */
interface SecretFlags {
  readonly secretFile?: string | undefined;
  readonly secretId?: string | undefined;
}

const nonBlank = (value: string | undefined): string | undefined => (value?.trim() ? value.trim() : undefined);

/**
 * Picks the secret the way `npm start` does (`SECRET_ID` before `LOCAL_SECRET_FILE`), after any
 * flag, so that the check looks at the very secret the server or the function would load.
 */
const locateSecret = (flags: SecretFlags, config: AdapterConfig, env: Environment): SecretLocation => {
  const secretFile = nonBlank(flags.secretFile);
  if (secretFile !== undefined) return { kind: 'file', path: secretFile };
  const secretId = nonBlank(flags.secretId) ?? config.secretId;
  if (secretId !== undefined) return { kind: 'secrets-manager', secretId };
  const localFile = nonBlank(env.LOCAL_SECRET_FILE);
  return localFile === undefined ? { kind: 'none' } : { kind: 'file', path: localFile };
};

/** Names the location for the report; an id or a path is where the secret is, not what it holds. */
const describeLocation = (location: SecretLocation): string => {
  switch (location.kind) {
    case 'file':
      return `file ${location.path}`;
    case 'secrets-manager':
      return `Secrets Manager secret ${location.secretId}`;
    case 'none':
      return 'none given';
  }
};

/**
 * The function's own secret source for the location (the file source of `npm start`, or the
 * Secrets Manager source of the deployed handler, endpoint variables and all), so that the check
 * reads and parses the secret exactly as they do.
 */
const secretSourceAt = (location: Exclude<SecretLocation, { kind: 'none' }>, config: AdapterConfig): SecretSource =>
  location.kind === 'file'
    ? fileSecretSource(location.path, { allowHttpUpstream: config.allowHttpUpstream })
    : secretsManagerSource(location.secretId, {
        maxAgeSeconds: config.secretCacheSeconds,
        allowHttpUpstream: config.allowHttpUpstream,
      });

/**
 * The secret's text as stored, unparsed, for listing every problem it has: the file, or the
 * secret's current value read afresh through Powertools (the standard AWS credential chain and
 * endpoint variables, as the function's own source).
 */
const secretTextAt = async (location: Exclude<SecretLocation, { kind: 'none' }>): Promise<string> => {
  if (location.kind === 'file') return readFile(location.path, 'utf8');
  const value = await getSecret(location.secretId, { forceFetch: true });
  return typeof value === 'string' ? value : Buffer.from(value ?? '').toString('utf8');
};

export { describeLocation, locateSecret, type SecretFlags, type SecretLocation, secretSourceAt, secretTextAt };
