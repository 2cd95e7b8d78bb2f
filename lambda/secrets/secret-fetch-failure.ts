import { misconfigured, Problem } from '../http/problem';
import { writeLogLine } from '../observability/logger';
import type { AdapterSecret } from './adapter-secret';

/** AWS errors that a retry will not mend: the deployment points at the wrong secret or lacks rights. */
const CONFIGURATION_ERRORS: Readonly<Record<string, string>> = {
  ResourceNotFoundException: 'The secret named by SECRET_ID does not exist.',
  AccessDeniedException: 'The function may not read the secret named by SECRET_ID.',
  DecryptionFailure: 'The secret named by SECRET_ID cannot be decrypted with its KMS key.',
  InvalidRequestException: 'The secret named by SECRET_ID cannot be read (is it scheduled for deletion?).',
  InvalidParameterException: 'SECRET_ID is not a valid secret name or ARN.',
};

/**
 * While a stale secret is served, Secrets Manager is asked again at most this often: every request
 * of an outage would otherwise wait out the SDK's timeouts before falling back.
 */
const STALE_RECHECK_MS = 10_000;

const errorName = (error: unknown): string => {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  return cause instanceof Error ? cause.name : 'UnknownError';
};

/** A fault of Secrets Manager or the way to it (throttling, a 5xx, a timeout), which a retry may mend. */
const secretUnavailable = (name: string): Problem =>
  new Problem(
    503,
    'Secret unavailable',
    `Secrets Manager could not be read just now (${name}); retry shortly.`,
    {},
    { 'Retry-After': '1' },
  );

/** The last secret that was fetched and parsed, and until when it may still be served stale. */
interface LastGoodSecret {
  readonly secret: AdapterSecret;
  readonly staleUntil: number;
}

/** A stale secret to serve, and until when to serve it without asking Secrets Manager again. */
interface StaleSecret {
  readonly secret: AdapterSecret;
  readonly servedUntil: number;
}

/**
 * What a failed Secrets Manager fetch comes to. A fault a retry will not mend (the secret is gone,
 * the function lost its rights) is a 500 naming it: serving the old value would hide what an
 * operator did or must do. A passing fault is met with the last good secret, while it is within
 * its stale period: a warning line says so, `onStale` is told (for the metric), and the stale secret
 * stands for {@link STALE_RECHECK_MS} before Secrets Manager is asked again. Without one (a cold
 * start, or a fetch forced by an upstream 401, which must not be answered with the credential
 * that was just refused) the answer is 503 with `Retry-After`.
 */
const staleSecretOrProblem = async (
  error: unknown,
  lastGood: LastGoodSecret | undefined,
  onStale: () => void,
  now: number = Date.now(),
): Promise<StaleSecret> => {
  const name = errorName(error);
  const configurationError = CONFIGURATION_ERRORS[name];
  if (configurationError !== undefined) throw misconfigured(configurationError);
  if (lastGood === undefined || now >= lastGood.staleUntil) throw secretUnavailable(name);
  await writeLogLine('warn', 'Secrets Manager failed; serving the last good secret', {
    errorName: name,
    staleSecondsLeft: Math.ceil((lastGood.staleUntil - now) / 1_000),
  });
  onStale();
  return { secret: lastGood.secret, servedUntil: Math.min(now + STALE_RECHECK_MS, lastGood.staleUntil) };
};

export { type LastGoodSecret, STALE_RECHECK_MS, type StaleSecret, staleSecretOrProblem };
