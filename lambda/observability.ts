import { Logger } from '@aws-lambda-powertools/logger';

/**
 * The adapter's one logger. Log lines carry ids, statuses and problem details only: never a
 * header, a body or a secret value, so nothing has to be scrubbed after the fact.
 */
const logger = new Logger({ serviceName: 'which50-import-webhook' });

export { logger };
