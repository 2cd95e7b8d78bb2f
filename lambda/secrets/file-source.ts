import { readFile } from 'node:fs/promises';
import { misconfigured } from '../http/problem';
import { parseAdapterSecret } from './adapter-secret';
import type { SecretSource } from './secret-source';

/**
 * The local run's secret source: the JSON file named by `LOCAL_SECRET_FILE`, read on every request
 * so that an edit takes effect without a restart (a local server has no rotation to wait for).
 */
const fileSecretSource =
  (path: string, options: { allowHttpUpstream: boolean }): SecretSource =>
  async () => {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch {
      throw misconfigured('The secret file named by LOCAL_SECRET_FILE cannot be read.');
    }
    return parseAdapterSecret(text, options);
  };

export { fileSecretSource };
