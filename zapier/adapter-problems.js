/** What Zapier waits before retrying a throttled step when the adapter named no delay. */
const DEFAULT_RETRY_SECONDS = 60;

const isRecord = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The adapter's RFC 9457 problem body, or undefined when the answer is not one (another server). */
const problemOf = (response) => {
  const body = response.data;
  return isRecord(body) && typeof body.title === 'string' && typeof body.detail === 'string' ? body : undefined;
};

/** `Retry-After` in seconds, from a number of seconds or an HTTP date; the fallback when absent. */
const retryAfterSeconds = (response, fallback) => {
  const value = response.headers.get('retry-after');
  if (value === null || value === undefined || value.trim() === '') return fallback;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? fallback : Math.max(0, Math.ceil((at - Date.now()) / 1000));
};

/** API Gateway's own answers (a crashed or timed-out function, throttling) carry `{"message"}`, not a problem. */
const gatewayMessageOf = (response) =>
  typeof response.data?.message === 'string' ? ` (${response.data.message})` : '';

const withRequestId = (message, problem) =>
  typeof problem?.requestId === 'string' ? `${message} (adapter request id ${problem.requestId})` : message;

const isOutcomeUnknown = (problem) =>
  typeof problem?.type === 'string' && problem.type.endsWith(':run-outcome-unknown');

/**
 * The Zapier error for a problem answer from the adapter, chosen by what the Zap author (or
 * Zapier) can do about it:
 * - 401: the key is wrong or was rotated away; Zapier holds the runs and asks for a reconnect.
 * - 429, 503, 409 in progress: nothing ran, or a run with this key is still going; Zapier retries
 *   the step after `Retry-After` with the same key, so the retry gets the one run's answer.
 * - 409 run outcome unknown: a run may or may not have happened and the adapter will not guess;
 *   halted, since only a person can decide (check the job, or run it anyway with a new key).
 * - other 4xx: the step's values or the key's scope are wrong; halted with the adapter's detail,
 *   since retrying cannot help.
 * - 500: the adapter's own configuration is broken; its detail names the field.
 * - other 5xx: an error Zapier may replay; the idempotency key keeps a replay from running twice.
 * A 4xx without a problem body did not come from the adapter (a wrong URL or stage); a 5xx
 * without one is API Gateway's own (the function crashed or timed out), an error Zapier may replay.
 */
const zapierErrorFor = (errors, response) => {
  const { status } = response;
  const problem = problemOf(response);
  const said = problem === undefined ? `The adapter answered ${status}.` : `${problem.title}: ${problem.detail}`;
  if (status === 429 || status === 503 || (status === 409 && !isOutcomeUnknown(problem))) {
    return new errors.ThrottledError(withRequestId(said, problem), retryAfterSeconds(response, DEFAULT_RETRY_SECONDS));
  }
  if (problem === undefined && status >= 500) {
    return new errors.Error(
      `The adapter's gateway answered ${status}${gatewayMessageOf(response)}.`,
      'AdapterError',
      status,
    );
  }
  if (problem === undefined) {
    return new errors.Error(
      `The Adapter URL answered ${status} without the adapter's problem details: it does not look like the which50-import-webhook adapter. Check the URL and its stage (for example …/v1).`,
      'NotTheAdapter',
      status,
    );
  }
  if (status === 401) {
    return new errors.ExpiredAuthError(
      withRequestId(
        `The adapter refused the API key (${problem.detail}). Reconnect with a key listed in the adapter's secret (inbound.apiKeys).`,
        problem,
      ),
    );
  }
  if (isOutcomeUnknown(problem)) {
    return new errors.HaltedError(
      withRequestId(
        `${said} Check the job in Which50; to run it anyway, give this step a new idempotency key.`,
        problem,
      ),
    );
  }
  if (status === 500) {
    return new errors.Error(
      withRequestId(`The adapter is misconfigured: ${problem.detail}`, problem),
      'AdapterMisconfigured',
      status,
    );
  }
  if (status >= 500) return new errors.Error(withRequestId(said, problem), 'AdapterError', status);
  return new errors.HaltedError(withRequestId(said, problem));
};

module.exports = { zapierErrorFor };
