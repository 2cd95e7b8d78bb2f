import type { RunImportSources } from '../payload/parse-run-import';
import type { ImportJobRef, RunImportCommand } from '../payload/run-import-command';
import type { Authentication } from './authenticate';

/** True when anything needs deciding: a plain unscoped API key may run any job, and loads nothing. */
const needsDecision = ({ principal, signed }: Authentication): boolean => principal.scope !== undefined || signed;

/**
 * Decides whether an authenticated caller may run this command (403 otherwise, before any
 * upstream call). A scoped credential is held to its scope, whichever way the command was given.
 * A signature through an unscoped credential vouches for the body only, so the whole command must
 * be in it: a captured delivery then runs only what it was signed for.
 */
const authorizeRun = async (
  authentication: Authentication,
  sources: RunImportSources,
  command: RunImportCommand,
): Promise<void> => {
  if (!needsDecision(authentication)) return;
  if (authentication.principal.scope !== undefined) {
    (await import('./scope')).assertWithinScope(authentication.principal, command);
  } else {
    (await import('../payload/signature-coverage')).assertSignatureCovers(sources);
  }
};

/**
 * Decides whether an authenticated caller may read this job's status. The ids come from the path,
 * which no signature covers, so a signed read needs a scoped credential.
 */
const authorizeRead = async (
  authentication: Authentication,
  path: RunImportSources['path'],
  ref: ImportJobRef,
): Promise<void> => {
  if (!needsDecision(authentication)) return;
  if (authentication.principal.scope !== undefined) {
    (await import('./scope')).assertWithinScope(authentication.principal, ref);
  } else {
    (await import('../payload/signature-coverage')).assertSignatureCovers({ path });
  }
};

export { authorizeRead, authorizeRun };
