import { Problem } from '../http/problem';
import type { ImportJobRef } from '../payload/run-import-command';
import type { Principal, ScopeTarget } from './principal';

/** What a scope is judged on: the job, and for a run the events it asks for. */
interface ScopedRequest extends ImportJobRef {
  /** Absent for a status read, which runs no event. */
  readonly customEvents?: readonly string[];
}

const covers = (target: ScopeTarget, request: ScopedRequest): boolean =>
  target.contactListId === request.contactListId &&
  (target.importJobId === undefined || target.importJobId === request.importJobId) &&
  (target.customEvents === undefined ||
    (request.customEvents ?? []).every((name) => target.customEvents?.includes(name)));

/** True when the principal may run (or read) this: it has no scope, or one target covers it. */
const isWithinScope = (principal: Principal, request: ScopedRequest): boolean =>
  principal.scope === undefined || principal.scope.some((target) => covers(target, request));

const outOfScope = (request: ScopedRequest): Problem =>
  new Problem(
    403,
    'Out of scope',
    `The credential's scope does not cover contact list ${request.contactListId}, import job ${request.importJobId}` +
      (request.customEvents === undefined || request.customEvents.length === 0 ? '.' : ` with these custom events.`),
  );

/**
 * Refuses, with a 403 and before Which50 is called, a run or status read that the credential's
 * scope does not cover. A scope is what bounds a credential that may be captured (a signed
 * delivery replayed, a key pasted into a Zap): whatever the request says, it cannot reach another
 * job, or ask for events the operator did not allow. The answer does not list the scope.
 */
const assertWithinScope = (principal: Principal, request: ScopedRequest): void => {
  if (!isWithinScope(principal, request)) throw outOfScope(request);
};

export { assertWithinScope, isWithinScope, type ScopedRequest };
