import type { RunImportSources } from '../payload/parse-run-import';
import type { ImportJobRef, RunImportCommand } from '../payload/run-import-command';
import { assertSignatureCovers } from '../payload/signature-coverage';
import type { Authentication } from './authenticate';
import { assertWithinScope } from './scope';

/**
 * Decides whether an authenticated caller may run this command (403 otherwise, before any
 * upstream call). A scoped credential is held to its scope, whichever way the command was given.
 * A signature through an unscoped credential vouches for the body only, so the whole command must
 * be in it: a captured delivery then runs only what it was signed for.
 */
const authorizeRun = (
  { principal, signed }: Authentication,
  sources: RunImportSources,
  command: RunImportCommand,
): void => {
  if (principal.scope !== undefined) assertWithinScope(principal, command);
  else if (signed) assertSignatureCovers(sources);
};

/**
 * Decides whether an authenticated caller may read this job's status. The ids come from the path,
 * which no signature covers, so a signed read needs a scoped credential.
 */
const authorizeRead = ({ principal, signed }: Authentication, path: RunImportSources['path'], ref: ImportJobRef) => {
  if (principal.scope !== undefined) assertWithinScope(principal, ref);
  else if (signed) assertSignatureCovers({ path });
};

export { authorizeRead, authorizeRun };
