import type { APIGatewayProxyResult } from 'aws-lambda';
import { jsonAnswer } from '../http/answers';

/** Liveness only: it touches neither the secret nor the upstream, so it stays up when they are down. */
const health = (): APIGatewayProxyResult => jsonAnswer(200, { status: 'ok' });

export { health };
