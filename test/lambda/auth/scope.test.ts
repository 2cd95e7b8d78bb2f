import { describe, expect, it } from 'vitest';
import type { Principal, ScopeTarget } from '../../../lambda/auth/principal';
import { assertWithinScope, isWithinScope, type ScopedRequest } from '../../../lambda/auth/scope';
import { problemThrownBy } from '../../support/factories';

/** A principal held to `scope` (undefined: any job). */
const aPrincipal = (scope: readonly ScopeTarget[] | undefined): Principal => ({
  name: 'zapier',
  scheme: 'api-key',
  scope,
});

/** A run of job `importJobId` of list `contactListId` asking for `customEvents`. */
const aRun = (contactListId: number, importJobId: number, customEvents: readonly string[] = []): ScopedRequest => ({
  contactListId,
  importJobId,
  customEvents,
});

/** A status read of one job: no events. */
const aStatusRead = (contactListId: number, importJobId: number): ScopedRequest => ({ contactListId, importJobId });

describe('isWithinScope', () => {
  it('lets a principal without a scope run any job with any events', () => {
    // Act
    const allowed = isWithinScope(aPrincipal(undefined), aRun(99, 12345, ['AnyEvent']));

    // Assert
    expect(allowed).toBe(true);
  });

  describe('a target without importJobId', () => {
    const principal = aPrincipal([{ contactListId: 7 }]);

    it.each([1, 100, 2_147_483_647])('covers job %i of its list', (importJobId) => {
      // Act
      const allowed = isWithinScope(principal, aRun(7, importJobId));

      // Assert
      expect(allowed).toBe(true);
    });

    it('does not cover a job of another list', () => {
      // Act
      const allowed = isWithinScope(principal, aRun(8, 1));

      // Assert
      expect(allowed).toBe(false);
    });

    it('without customEvents, allows any events', () => {
      // Act
      const allowed = isWithinScope(principal, aRun(7, 1, ['SendWelcomeEmail', 'AnyEvent']));

      // Assert
      expect(allowed).toBe(true);
    });
  });

  describe('a target with importJobId', () => {
    const principal = aPrincipal([{ contactListId: 7, importJobId: 100 }]);

    it('covers that job', () => {
      // Act
      const allowed = isWithinScope(principal, aRun(7, 100));

      // Assert
      expect(allowed).toBe(true);
    });

    it('does not cover another job of the same list', () => {
      // Act
      const allowed = isWithinScope(principal, aRun(7, 101));

      // Assert
      expect(allowed).toBe(false);
    });

    it('does not cover the same job id under another list', () => {
      // Act
      const allowed = isWithinScope(principal, aRun(8, 100));

      // Assert
      expect(allowed).toBe(false);
    });
  });

  describe('a target with customEvents', () => {
    const principal = aPrincipal([{ contactListId: 8, importJobId: 100, customEvents: ['SendWelcomeEmail', 'Tag'] }]);

    it('allows a run whose events are all among them', () => {
      // Act
      const allowed = isWithinScope(principal, aRun(8, 100, ['Tag', 'SendWelcomeEmail']));

      // Assert
      expect(allowed).toBe(true);
    });

    it('allows a run asking for no event', () => {
      // Act
      const allowed = isWithinScope(principal, aRun(8, 100, []));

      // Assert
      expect(allowed).toBe(true);
    });

    it('refuses a run with one event outside them', () => {
      // Act
      const allowed = isWithinScope(principal, aRun(8, 100, ['SendWelcomeEmail', 'DeleteAll']));

      // Assert
      expect(allowed).toBe(false);
    });

    it('compares event names exactly, case included', () => {
      // Act
      const allowed = isWithinScope(principal, aRun(8, 100, ['tag']));

      // Assert
      expect(allowed).toBe(false);
    });
  });

  describe('a target with customEvents: []', () => {
    const principal = aPrincipal([{ contactListId: 7, customEvents: [] }]);

    it('allows a run asking for no event', () => {
      // Act
      const allowed = isWithinScope(principal, aRun(7, 1, []));

      // Assert
      expect(allowed).toBe(true);
    });

    it('refuses a run asking for any event', () => {
      // Act
      const allowed = isWithinScope(principal, aRun(7, 1, ['SendWelcomeEmail']));

      // Assert
      expect(allowed).toBe(false);
    });
  });

  describe('several targets', () => {
    const principal = aPrincipal([
      { contactListId: 7, customEvents: ['A'] },
      { contactListId: 8, importJobId: 100, customEvents: ['B'] },
    ]);

    it('allows what the second target covers', () => {
      // Act
      const allowed = isWithinScope(principal, aRun(8, 100, ['B']));

      // Assert
      expect(allowed).toBe(true);
    });

    it('does not add up targets: the events must all be allowed by one target that covers the job', () => {
      // Arrange
      const split = aPrincipal([
        { contactListId: 7, customEvents: ['A'] },
        { contactListId: 7, customEvents: ['B'] },
      ]);

      // Act
      const allowed = isWithinScope(split, aRun(7, 1, ['A', 'B']));

      // Assert
      expect(allowed).toBe(false);
    });

    it('does not lend one target’s events to another target’s job', () => {
      // Act
      const allowed = isWithinScope(principal, aRun(8, 100, ['A']));

      // Assert
      expect(allowed).toBe(false);
    });
  });

  describe('status reads', () => {
    it('allows reading a job the scope covers, even where the target allows no event', () => {
      // Act
      const allowed = isWithinScope(
        aPrincipal([{ contactListId: 7, importJobId: 2, customEvents: [] }]),
        aStatusRead(7, 2),
      );

      // Assert
      expect(allowed).toBe(true);
    });

    it('allows reading any job of a list the scope covers', () => {
      // Act
      const allowed = isWithinScope(aPrincipal([{ contactListId: 7 }]), aStatusRead(7, 55));

      // Assert
      expect(allowed).toBe(true);
    });

    it('refuses reading a job the scope does not cover', () => {
      // Act
      const allowed = isWithinScope(aPrincipal([{ contactListId: 7, importJobId: 2 }]), aStatusRead(7, 3));

      // Assert
      expect(allowed).toBe(false);
    });
  });
});

describe('assertWithinScope', () => {
  const principal = aPrincipal([{ contactListId: 7, importJobId: 2, customEvents: ['SendWelcomeEmail'] }]);

  it('lets a covered run through', () => {
    // Act
    const act = () => assertWithinScope(principal, aRun(7, 2, ['SendWelcomeEmail']));

    // Assert
    expect(act).not.toThrow();
  });

  it('refuses a job outside the scope with 403 Out of scope, naming the job asked for', () => {
    // Act
    const problem = problemThrownBy(() => assertWithinScope(principal, aRun(1, 4)));

    // Assert
    expect(problem.status).toBe(403);
    expect(problem.title).toBe('Out of scope');
    expect(problem.detail).toContain('contact list 1, import job 4');
  });

  it('refuses events outside the scope with 403, saying the events are the reason', () => {
    // Act
    const problem = problemThrownBy(() => assertWithinScope(principal, aRun(7, 2, ['AnyEvent'])));

    // Assert
    expect(problem.status).toBe(403);
    expect(problem.detail).toContain('custom events');
  });

  it('refuses a status read outside the scope with 403', () => {
    // Act
    const problem = problemThrownBy(() => assertWithinScope(principal, aStatusRead(7, 3)));

    // Assert
    expect(problem.status).toBe(403);
  });

  it('does not tell the caller what the scope allows', () => {
    // Act
    const problem = problemThrownBy(() => assertWithinScope(principal, aRun(7, 2, ['AnyEvent'])));

    // Assert
    const everything = `${problem.detail} ${JSON.stringify(problem.extra)}`;
    expect(everything).not.toContain('SendWelcomeEmail');
  });
});
