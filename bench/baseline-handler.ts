/**
 * The benchmark's yardstick: the handler a user would write by hand to do the adapter's main job,
 * and nothing more. It reads the ids and events from a JSON body without checking them, fetches
 * the secret once with the same Secrets Manager client the adapter uses, calls the upstream run
 * with `fetch` and the secret's bearer token, and answers the upstream's JSON as it came. No
 * middleware, no validation, no logging: whatever the adapter costs beyond this is its overhead.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';

interface BaselineSecret {
  which50: { baseUrl: string; auth: { token: string } };
}

interface RunRequest {
  contactListId: number | string;
  importJobId: number | string;
  customEvents?: string[];
}

const client = new SecretsManagerClient({});
let secret: Promise<BaselineSecret> | undefined;

/** Fetched on the first request and kept for the life of the execution environment. */
const loadSecret = (): Promise<BaselineSecret> => {
  secret ??= client
    .send(new GetSecretValueCommand({ SecretId: process.env.SECRET_ID }))
    .then(({ SecretString }) => JSON.parse(SecretString ?? '{}') as BaselineSecret);
  return secret;
};

const runUrl = (baseUrl: string, { contactListId, importJobId, customEvents = [] }: RunRequest): string => {
  const events = customEvents.length > 0 ? `?customevents=${customEvents.map(encodeURIComponent).join(',')}` : '';
  return `${baseUrl}/contactLists/${contactListId}/import/${importJobId}/run${events}`;
};

const handler = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  const run = JSON.parse(event.body ?? '{}') as RunRequest;
  const { which50 } = await loadSecret();
  const response = await fetch(runUrl(which50.baseUrl, run), {
    method: 'POST',
    headers: { accept: 'application/json', authorization: `Bearer ${which50.auth.token}` },
  });
  return { statusCode: response.status, headers: { 'Content-Type': 'application/json' }, body: await response.text() };
};

export { handler };
