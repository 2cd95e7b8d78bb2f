import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import {
  CreateSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SecretsManagerEndpoint } from '../../dev/secrets-manager-endpoint';
import { startSecretsManagerEndpoint } from '../../dev/secrets-manager-endpoint';

const DUMMY_CREDENTIALS = { accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'local-test-secret' };
const SECRET_NAME = 'which50-import-webhook/test';

const clientConfig = (url: string) => ({
  endpoint: url,
  region: 'us-east-1',
  credentials: DUMMY_CREDENTIALS,
  maxAttempts: 1,
});

const adapterSecret = (token = 'token-1'): string =>
  JSON.stringify({ which50: { baseUrl: 'http://127.0.0.1:1/Which50API', auth: { scheme: 'bearer', token } } });

/** Runs `action` and returns what it threw (failing the test if it did not throw). */
type SdkError = Error & { $metadata?: { httpStatusCode?: number } };

const thrownBy = async (action: () => Promise<unknown>): Promise<SdkError> => {
  try {
    await action();
  } catch (error) {
    return error as SdkError;
  }
  throw new Error('expected a rejection');
};

let endpoint: SecretsManagerEndpoint;
let client: SecretsManagerClient;
beforeAll(async () => {
  endpoint = await startSecretsManagerEndpoint();
  client = new SecretsManagerClient(clientConfig(endpoint.url));
});
afterAll(async () => {
  client.destroy();
  await endpoint.close();
});
beforeEach(() => {
  endpoint.reset();
});

describe('startSecretsManagerEndpoint', () => {
  it('listens on loopback on an ephemeral port', () => {
    // Assert
    expect(endpoint.url).toBe(`http://127.0.0.1:${endpoint.port}`);
  });
});

describe('GetSecretValue', () => {
  it('answers the secret by name to the real SDK client', async () => {
    // Arrange
    endpoint.putSecret(SECRET_NAME, adapterSecret());

    // Act
    const answer = await client.send(new GetSecretValueCommand({ SecretId: SECRET_NAME }));

    // Assert
    expect(answer.SecretString).toBe(adapterSecret());
    expect(answer.Name).toBe(SECRET_NAME);
    expect(answer.VersionStages).toEqual(['AWSCURRENT']);
    expect(answer.CreatedDate).toBeInstanceOf(Date);
    expect(Math.abs((answer.CreatedDate?.getTime() ?? 0) - Date.now())).toBeLessThan(60_000);
  });

  it('gives the secret an ARN with the six-letter suffix AWS adds', () => {
    // Act
    const arn = endpoint.putSecret(SECRET_NAME, adapterSecret());

    // Assert
    expect(arn).toMatch(
      /^arn:aws:secretsmanager:us-east-1:000000000000:secret:which50-import-webhook\/test-[A-Za-z]{6}$/,
    );
  });

  it('answers the secret by ARN', async () => {
    // Arrange
    const arn = endpoint.putSecret(SECRET_NAME, adapterSecret());

    // Act
    const answer = await client.send(new GetSecretValueCommand({ SecretId: arn }));

    // Assert
    expect(answer.ARN).toBe(arn);
    expect(answer.SecretString).toBe(adapterSecret());
  });

  it('makes the SDK throw ResourceNotFoundException for an unknown secret', async () => {
    // Act
    const error = await thrownBy(() => client.send(new GetSecretValueCommand({ SecretId: 'missing' })));

    // Assert
    expect(error.name).toBe('ResourceNotFoundException');
    expect(error.$metadata?.httpStatusCode).toBe(400);
  });

  it('forgets a deleted secret', async () => {
    // Arrange
    endpoint.putSecret(SECRET_NAME, adapterSecret());

    // Act
    endpoint.deleteSecret(SECRET_NAME);
    const error = await thrownBy(() => client.send(new GetSecretValueCommand({ SecretId: SECRET_NAME })));

    // Assert
    expect(error.name).toBe('ResourceNotFoundException');
  });

  it('answers the newest version after putSecret stores a new one', async () => {
    // Arrange
    endpoint.putSecret(SECRET_NAME, adapterSecret('token-1'));
    endpoint.putSecret(SECRET_NAME, adapterSecret('token-2'));

    // Act
    const answer = await client.send(new GetSecretValueCommand({ SecretId: SECRET_NAME }));

    // Assert
    expect(answer.SecretString).toBe(adapterSecret('token-2'));
  });

  it('answers the previous version for the AWSPREVIOUS stage', async () => {
    // Arrange
    endpoint.putSecret(SECRET_NAME, adapterSecret('token-1'));
    endpoint.putSecret(SECRET_NAME, adapterSecret('token-2'));

    // Act
    const answer = await client.send(new GetSecretValueCommand({ SecretId: SECRET_NAME, VersionStage: 'AWSPREVIOUS' }));

    // Assert
    expect(answer.SecretString).toBe(adapterSecret('token-1'));
  });
});

describe('fault injection', () => {
  it('makes the SDK throw the injected ThrottlingException', async () => {
    // Arrange
    endpoint.putSecret(SECRET_NAME, adapterSecret());
    endpoint.failNext('ThrottlingException');

    // Act
    const error = await thrownBy(() => client.send(new GetSecretValueCommand({ SecretId: SECRET_NAME })));

    // Assert
    expect(error.name).toBe('ThrottlingException');
    expect(error.$metadata?.httpStatusCode).toBe(400);
  });

  it('injects a server error with the given status', async () => {
    // Arrange
    endpoint.putSecret(SECRET_NAME, adapterSecret());
    endpoint.failNext('InternalServiceError', 500);

    // Act
    const error = await thrownBy(() => client.send(new GetSecretValueCommand({ SecretId: SECRET_NAME })));

    // Assert
    expect(error.name).toBe('InternalServiceError');
    expect(error.$metadata?.httpStatusCode).toBe(500);
  });

  it('fails only the given number of calls, then serves the secret again', async () => {
    // Arrange
    endpoint.putSecret(SECRET_NAME, adapterSecret());
    endpoint.failNext('AccessDeniedException', 400, 2);
    const get = () => client.send(new GetSecretValueCommand({ SecretId: SECRET_NAME }));

    // Act
    const failures = [await thrownBy(get), await thrownBy(get)];
    const answer = await get();

    // Assert
    expect(failures.map((error) => error.name)).toEqual(['AccessDeniedException', 'AccessDeniedException']);
    expect(answer.SecretString).toBe(adapterSecret());
  });

  it('forgets pending failures on reset', async () => {
    // Arrange
    endpoint.failNext('ThrottlingException');

    // Act
    endpoint.reset();
    endpoint.putSecret(SECRET_NAME, adapterSecret());
    const answer = await client.send(new GetSecretValueCommand({ SecretId: SECRET_NAME }));

    // Assert
    expect(answer.SecretString).toBe(adapterSecret());
  });
});

describe('fetch counting', () => {
  it('counts every GetSecretValue call, answered or failed', async () => {
    // Arrange
    endpoint.putSecret(SECRET_NAME, adapterSecret());
    endpoint.failNext('ThrottlingException');

    // Act
    await thrownBy(() => client.send(new GetSecretValueCommand({ SecretId: SECRET_NAME })));
    await client.send(new GetSecretValueCommand({ SecretId: SECRET_NAME }));
    await thrownBy(() => client.send(new GetSecretValueCommand({ SecretId: 'missing' })));

    // Assert
    expect(endpoint.fetches).toBe(3);
  });

  it('does not count other operations', async () => {
    // Arrange
    endpoint.putSecret(SECRET_NAME, adapterSecret());

    // Act
    await client.send(new PutSecretValueCommand({ SecretId: SECRET_NAME, SecretString: adapterSecret('token-2') }));

    // Assert
    expect(endpoint.fetches).toBe(0);
  });
});

describe('writing secrets through the SDK', () => {
  it('serves the value stored by PutSecretValue', async () => {
    // Arrange
    endpoint.putSecret(SECRET_NAME, adapterSecret('token-1'));

    // Act
    await client.send(new PutSecretValueCommand({ SecretId: SECRET_NAME, SecretString: adapterSecret('token-2') }));
    const answer = await client.send(new GetSecretValueCommand({ SecretId: SECRET_NAME }));

    // Assert
    expect(answer.SecretString).toBe(adapterSecret('token-2'));
  });

  it('creates a secret with CreateSecret and refuses to create it twice', async () => {
    // Arrange
    const create = () => client.send(new CreateSecretCommand({ Name: SECRET_NAME, SecretString: adapterSecret() }));

    // Act
    const created = await create();
    const again = await thrownBy(create);

    // Assert
    expect(created.ARN).toMatch(/:secret:which50-import-webhook\/test-[A-Za-z]{6}$/);
    expect(again.name).toBe('ResourceExistsException');
  });
});

describe('protocol checks', () => {
  it('answers UnknownOperationException to an unknown target', async () => {
    // Act
    const response = await fetch(endpoint.url, {
      method: 'POST',
      headers: {
        authorization: 'AWS4-HMAC-SHA256 Credential=dummy',
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'secretsmanager.RotateEverything',
      },
      body: '{}',
    });

    // Assert
    expect(response.status).toBe(400);
    expect(response.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
    expect(((await response.json()) as { __type: string }).__type).toBe('UnknownOperationException');
  });

  it('refuses an unsigned request', async () => {
    // Arrange
    endpoint.putSecret(SECRET_NAME, adapterSecret());

    // Act
    const response = await fetch(endpoint.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'secretsmanager.GetSecretValue' },
      body: JSON.stringify({ SecretId: SECRET_NAME }),
    });

    // Assert
    expect(response.status).toBe(400);
    expect(((await response.json()) as { __type: string }).__type).toBe('MissingAuthenticationTokenException');
  });

  it('answers SerializationException to a body that is not JSON', async () => {
    // Act
    const response = await fetch(endpoint.url, {
      method: 'POST',
      headers: {
        authorization: 'AWS4-HMAC-SHA256 Credential=dummy',
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'secretsmanager.GetSecretValue',
      },
      body: '{"SecretId":',
    });

    // Assert
    expect(((await response.json()) as { __type: string }).__type).toBe('SerializationException');
  });
});

describe('with Powertools SecretsProvider', () => {
  const providers: SecretsProvider[] = [];
  afterEach(() => {
    for (const provider of providers.splice(0)) provider.client.destroy();
  });

  it('gets the secret through the provider', async () => {
    // Arrange
    endpoint.putSecret(SECRET_NAME, adapterSecret());
    const provider = new SecretsProvider({ clientConfig: clientConfig(endpoint.url) });
    providers.push(provider);

    // Act
    const value = await provider.get(SECRET_NAME);

    // Assert
    expect(value).toBe(adapterSecret());
    expect(endpoint.fetches).toBe(1);
  });
});
