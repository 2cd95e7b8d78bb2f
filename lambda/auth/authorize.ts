import type { RunImportSources } from '../payload/parse-run-import';
import type { ImportJobRef, RunImportCommand } from '../payload/run-import-command';
import type { Authentication } from './authenticate';

/**
 * Decides whether an authenticated caller may run this command, or read this job's status when no
 * events are given (403 otherwise, before any upstream call). A scoped credential is held to its
 * scope, whichever way the command was given. A signature through an unscoped credential vouches
 * for the body only, so the whole command must be in it: a captured delivery then runs only what
 * it was signed for, and a signed status read (ids in the path) needs a scope. A plain unscoped
 * API key may do anything, and loads nothing to be told so.
 */
const authorize = async (
  { principal, signed }: Authentication,
  sources: RunImportSources,
  request: ImportJobRef | RunImportCommand,
): Promise<void> => {
  if (principal.scope !== undefined) (await import('./scope')).assertWithinScope(principal, request);
  else if (signed) (await import('../payload/signature-coverage')).assertSignatureCovers(sources);
};

export { authorize };
