/**
 * A local endpoint that speaks the AWS Secrets Manager JSON 1.1 protocol well enough for the real
 * `@aws-sdk/client-secrets-manager` (and Powertools' SecretsProvider on top of it): point the client
 * at `url` through `endpoint` or `AWS_ENDPOINT_URL_SECRETS_MANAGER`. It counts GetSecretValue
 * calls, so the benchmark can report how often the adapter really fetches its secret.
 */
import { randomInt, randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

interface SecretsManagerEndpointOptions {
  /** Default 0: an ephemeral port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
}

interface SecretsManagerEndpoint {
  /** E.g. `http://127.0.0.1:41235`, for the client's `endpoint`. */
  readonly url: string;
  readonly port: number;
  /** GetSecretValue calls received, answered with the value or with an error alike. */
  readonly fetches: number;
  /** Creates the secret or adds a new current version; returns the secret's ARN. */
  putSecret(name: string, secretString: string): string;
  deleteSecret(name: string): void;
  /** The next `count` GetSecretValue calls answer the AWS error `errorType` with `status`. */
  failNext(errorType: string, status?: number, count?: number): void;
  /** Forgets every secret, pending failure and count. */
  reset(): void;
  close(): Promise<void>;
}

interface SecretVersion {
  versionId: string;
  secretString: string;
  createdDate: number;
  stages: string[];
}

interface StoredSecret {
  name: string;
  arn: string;
  versions: SecretVersion[];
}

interface ServiceAnswer {
  status: number;
  body: Record<string, unknown>;
}

/** A failure in AWS's wire shape: `__type` in the body and `x-amzn-ErrorType` in the headers. */
class AwsError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

const REGION = 'us-east-1';
const ACCOUNT = '000000000000';
const CONTENT_TYPE = 'application/x-amz-json-1.1';
const TARGET_PREFIX = 'secretsmanager.';
const ARN_SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const NOT_FOUND = "Secrets Manager can't find the specified secret.";

/** Six random letters, like the suffix AWS appends to every secret's ARN. */
const arnSuffix = (): string =>
  Array.from({ length: 6 }, () => ARN_SUFFIX_ALPHABET[randomInt(ARN_SUFFIX_ALPHABET.length)]).join('');

/** AWS writes timestamps in this protocol as epoch seconds, a JSON number with a fraction. */
const epochSeconds = (): number => Date.now() / 1000;

const secretString = (input: Record<string, unknown>): string => {
  if (typeof input.SecretString !== 'string') {
    throw new AwsError('InvalidParameterException', 'You must provide a value for SecretString.');
  }
  return input.SecretString;
};

const requireText = (input: Record<string, unknown>, member: string): string => {
  const value = input[member];
  if (typeof value !== 'string' || value === '') {
    throw new AwsError('InvalidParameterException', `You must provide a value for ${member}.`);
  }
  return value;
};

const readJson = async (req: IncomingMessage): Promise<Record<string, unknown>> => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    const parsed: unknown = JSON.parse(text === '' ? '{}' : text);
    const isObject = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
    if (isObject) return parsed as Record<string, unknown>;
  } catch {
    // fall through to the protocol's own complaint
  }
  throw new AwsError('SerializationException', 'The request body is not a JSON object.');
};

class SecretsManagerServer implements SecretsManagerEndpoint {
  fetches = 0;
  private secrets = new Map<string, StoredSecret>();
  private failures: AwsError[] = [];

  constructor(
    private readonly server: Server,
    readonly url: string,
    readonly port: number,
  ) {
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      this.handle(req)
        .catch((error: unknown) =>
          error instanceof AwsError ? error : new AwsError('InternalServiceError', 'An internal error occurred.', 500),
        )
        .then((answer) => this.send(res, answer));
    });
  }

  putSecret(name: string, value: string): string {
    const existing = this.secrets.get(name);
    if (existing === undefined) return this.create(name, value).arn;
    this.addVersion(existing, value);
    return existing.arn;
  }

  deleteSecret(name: string): void {
    this.secrets.delete(name);
  }

  failNext(errorType: string, status = 400, count = 1): void {
    for (let i = 0; i < count; i += 1) {
      this.failures.push(new AwsError(errorType, `${errorType} raised on request by the local endpoint.`, status));
    }
  }

  reset(): void {
    this.secrets.clear();
    this.failures = [];
    this.fetches = 0;
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.close((error) => (error ? reject(error) : resolve()));
      this.server.closeAllConnections();
    });
  }

  private async handle(req: IncomingMessage): Promise<ServiceAnswer> {
    const target = String(req.headers['x-amz-target'] ?? '');
    const operation = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : '';
    if (operation === 'GetSecretValue') this.fetches += 1;
    if (req.headers.authorization === undefined) {
      throw new AwsError('MissingAuthenticationTokenException', 'Missing Authentication Token', 400);
    }
    if (req.method !== 'POST' || !String(req.headers['content-type'] ?? '').startsWith(CONTENT_TYPE)) {
      throw new AwsError('UnknownOperationException', `Expected a POST with the ${CONTENT_TYPE} content type.`);
    }
    const input = await readJson(req);
    switch (operation) {
      case 'GetSecretValue':
        return this.getSecretValue(input);
      case 'PutSecretValue':
        return this.putSecretValue(input);
      case 'CreateSecret':
        return this.createSecret(input);
      case 'DeleteSecret':
        return this.deleteSecretCall(input);
      default:
        throw new AwsError('UnknownOperationException', `Unknown operation ${target}.`);
    }
  }

  private getSecretValue(input: Record<string, unknown>): ServiceAnswer {
    const failure = this.failures.shift();
    if (failure !== undefined) throw failure;
    const secret = this.find(requireText(input, 'SecretId'));
    const version = secret.versions.find((candidate) =>
      typeof input.VersionId === 'string'
        ? candidate.versionId === input.VersionId
        : candidate.stages.includes(typeof input.VersionStage === 'string' ? input.VersionStage : 'AWSCURRENT'),
    );
    if (version === undefined) throw new AwsError('ResourceNotFoundException', NOT_FOUND);
    return {
      status: 200,
      body: {
        ARN: secret.arn,
        Name: secret.name,
        VersionId: version.versionId,
        SecretString: version.secretString,
        VersionStages: version.stages,
        CreatedDate: version.createdDate,
      },
    };
  }

  private putSecretValue(input: Record<string, unknown>): ServiceAnswer {
    const secret = this.find(requireText(input, 'SecretId'));
    const version = this.addVersion(secret, secretString(input));
    return {
      status: 200,
      body: { ARN: secret.arn, Name: secret.name, VersionId: version.versionId, VersionStages: version.stages },
    };
  }

  private createSecret(input: Record<string, unknown>): ServiceAnswer {
    const name = requireText(input, 'Name');
    if (this.secrets.has(name)) {
      throw new AwsError('ResourceExistsException', `The operation failed because the secret ${name} already exists.`);
    }
    const secret = this.create(name, secretString(input));
    return { status: 200, body: { ARN: secret.arn, Name: secret.name, VersionId: secret.versions[0]?.versionId } };
  }

  private deleteSecretCall(input: Record<string, unknown>): ServiceAnswer {
    const secret = this.find(requireText(input, 'SecretId'));
    this.secrets.delete(secret.name);
    return { status: 200, body: { ARN: secret.arn, Name: secret.name, DeletionDate: epochSeconds() } };
  }

  /** By name, full ARN, or partial ARN (without the random suffix), as AWS allows. */
  private find(secretId: string): StoredSecret {
    for (const secret of this.secrets.values()) {
      if (secretId === secret.name || secretId === secret.arn || secretId === secret.arn.slice(0, -7)) return secret;
    }
    throw new AwsError('ResourceNotFoundException', NOT_FOUND);
  }

  private create(name: string, value: string): StoredSecret {
    const secret: StoredSecret = {
      name,
      arn: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${name}-${arnSuffix()}`,
      versions: [],
    };
    this.secrets.set(name, secret);
    this.addVersion(secret, value);
    return secret;
  }

  /** The new version becomes AWSCURRENT, the old current one AWSPREVIOUS, as in a rotation. */
  private addVersion(secret: StoredSecret, value: string): SecretVersion {
    for (const version of secret.versions) {
      version.stages = version.stages.includes('AWSCURRENT') ? ['AWSPREVIOUS'] : [];
    }
    const version: SecretVersion = {
      versionId: randomUUID(),
      secretString: value,
      createdDate: epochSeconds(),
      stages: ['AWSCURRENT'],
    };
    secret.versions.push(version);
    return version;
  }

  private send(res: ServerResponse, answer: ServiceAnswer | AwsError): void {
    const isError = answer instanceof AwsError;
    const body = JSON.stringify(isError ? { __type: answer.type, Message: answer.message } : answer.body);
    res.writeHead(answer.status, {
      'Content-Type': CONTENT_TYPE,
      'Content-Length': Buffer.byteLength(body),
      'x-amzn-RequestId': randomUUID(),
      ...(isError && { 'x-amzn-ErrorType': answer.type }),
    });
    res.end(body);
  }
}

/**
 * Starts the endpoint on loopback. It checks that a request is signed (an Authorization header is
 * present) but not the signature, so any static dummy credentials work.
 */
const startSecretsManagerEndpoint = async (
  options: SecretsManagerEndpointOptions = {},
): Promise<SecretsManagerEndpoint> => {
  const host = options.host ?? '127.0.0.1';
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const hostInUrl = host.includes(':') ? `[${host}]` : host;
  return new SecretsManagerServer(server, `http://${hostInUrl}:${port}`, port);
};

export type { SecretsManagerEndpoint, SecretsManagerEndpointOptions };
export { startSecretsManagerEndpoint };
