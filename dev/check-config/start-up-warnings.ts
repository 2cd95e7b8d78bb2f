import { readFile } from 'node:fs/promises';
import type { Environment } from '../../lambda/config';
import { checkEnvironment } from './environment-check';
import { secretProblems } from './secret-problems';

const UNTIL_FIXED = 'until then every route but /health and /openapi.json answers 500';

/** Reasons joined into one sentence's list: `a; b; c`, without their own full stops. */
const sentenceList = (reasons: readonly string[]): string =>
  reasons.map((reason) => reason.replace(/\.$/, '')).join('; ');

/**
 * What `npm start` says at once about a broken configuration, as one plain sentence each, instead
 * of leaving it to the first request: refused environment variables, and a `LOCAL_SECRET_FILE`
 * that cannot be read or is broken (every problem at once, by field, never by value). The server
 * starts all the same, as the function does: `/health` stays up, and the file is re-read on every
 * request, so fixing it needs no restart.
 */
const startUpWarnings = async (env: Environment, secretFile: string | undefined): Promise<string[]> => {
  const { result, config } = checkEnvironment(env);
  const environment =
    result.status === 'failed' ? [`The environment is broken: ${sentenceList(result.details)}; ${UNTIL_FIXED}.`] : [];
  if (secretFile === undefined) return environment;
  let text: string;
  try {
    text = await readFile(secretFile, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    return [
      ...environment,
      `LOCAL_SECRET_FILE names ${secretFile}, which cannot be read (${code}): fix the path; ${UNTIL_FIXED}.`,
    ];
  }
  const problems = secretProblems(text, { allowHttpUpstream: config.allowHttpUpstream });
  if (problems.length === 0) return environment;
  return [
    ...environment,
    `The secret file ${secretFile} (LOCAL_SECRET_FILE) is broken: ${sentenceList(problems)}; fix ${problems.length === 1 ? 'it' : 'them'} in the file (it is re-read on every request, no restart needed); ${UNTIL_FIXED}.`,
  ];
};

export { startUpWarnings };
