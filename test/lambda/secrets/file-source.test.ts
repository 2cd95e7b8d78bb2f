import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileSecretSource } from '../../../lambda/secrets/file-source';
import { aBearerAuth, aSecretJson, problemRejectedBy } from '../../support/factories';

const HTTPS_ONLY = { allowHttpUpstream: false };

describe('fileSecretSource', () => {
  let folder: string;
  let secretFile: string;

  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'which50-secret-'));
    secretFile = join(folder, 'secret.json');
  });

  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('reads and parses the secret in the file', async () => {
    // Arrange
    await writeFile(secretFile, aSecretJson({ auth: aBearerAuth({ token: 'from-file' }) }));
    const loadSecret = fileSecretSource(secretFile, HTTPS_ONLY);

    // Act
    const secret = await loadSecret();

    // Assert
    expect(secret.which50.auth).toEqual({ scheme: 'bearer', token: 'from-file' });
  });

  it('reads the file afresh on every call, so an edit needs no restart', async () => {
    // Arrange
    await writeFile(secretFile, aSecretJson({ auth: aBearerAuth({ token: 'before' }) }));
    const loadSecret = fileSecretSource(secretFile, HTTPS_ONLY);
    await loadSecret();
    await writeFile(secretFile, aSecretJson({ auth: aBearerAuth({ token: 'after' }) }));

    // Act
    const secret = await loadSecret();

    // Assert
    expect(secret.which50.auth).toEqual({ scheme: 'bearer', token: 'after' });
  });

  it('passes the http rule on to the parser', async () => {
    // Arrange
    await writeFile(secretFile, aSecretJson({ baseUrl: 'http://localhost:4010/Which50API' }));
    const loadSecret = fileSecretSource(secretFile, { allowHttpUpstream: true });

    // Act
    const secret = await loadSecret();

    // Assert
    expect(secret.which50.baseUrl.protocol).toBe('http:');
  });

  it('answers a missing file with a 500 naming LOCAL_SECRET_FILE, not the path', async () => {
    // Arrange
    const loadSecret = fileSecretSource(join(folder, 'absent.json'), HTTPS_ONLY);

    // Act
    const problem = await problemRejectedBy(() => loadSecret());

    // Assert
    expect(problem.status).toBe(500);
    expect(problem.detail).toContain('LOCAL_SECRET_FILE');
    expect(problem.detail).not.toContain(folder);
  });

  it('answers a file that is not a secret with the parser’s 500', async () => {
    // Arrange
    await writeFile(secretFile, 'token=abc');
    const loadSecret = fileSecretSource(secretFile, HTTPS_ONLY);

    // Act
    const problem = await problemRejectedBy(() => loadSecret());

    // Assert
    expect(problem.status).toBe(500);
    expect(problem.detail).toBe('The secret is not valid JSON.');
  });
});
