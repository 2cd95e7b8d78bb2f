import { describe, expect, it } from 'vitest';
import { createRouter, type Route } from '../../../lambda/http/router';
import { problemThrownBy } from '../../support/factories';

const RUN_BY_PATH = '/contact-lists/{contactListId}/imports/{importJobId}/run';
const STATUS = '/contact-lists/{contactListId}/imports/{importJobId}';

/** The adapter's routes, as the handler declares them. */
const ROUTES: readonly Route[] = [
  { name: 'runImport', method: 'POST', template: '/imports/run' },
  { name: 'runImportByPath', method: 'POST', template: RUN_BY_PATH },
  { name: 'importStatus', method: 'GET', template: STATUS },
  { name: 'health', method: 'GET', template: '/health' },
  { name: 'openapi', method: 'GET', template: '/openapi.json' },
];

const aRouter = (routes: readonly Route[] = ROUTES) => createRouter(routes);

describe('createRouter', () => {
  describe('matching by path', () => {
    it('finds a fixed route by method and path', () => {
      // Arrange
      const route = aRouter();

      // Act
      const match = route('GET', '/health');

      // Assert
      expect(match.route.name).toBe('health');
      expect(match.params).toEqual({});
    });

    it.each(['/health/', '/health//'])('ignores trailing slashes (%s)', (path) => {
      // Arrange
      const route = aRouter();

      // Act
      const match = route('GET', path);

      // Assert
      expect(match.route.name).toBe('health');
    });

    it('captures the path parameters of a template', () => {
      // Arrange
      const route = aRouter();

      // Act
      const match = route('GET', '/contact-lists/42/imports/7');

      // Assert
      expect(match.route.name).toBe('importStatus');
      expect(match.params).toEqual({ contactListId: '42', importJobId: '7' });
    });

    it('tells two templates apart by their last segment', () => {
      // Arrange
      const route = aRouter();

      // Act
      const match = route('POST', '/contact-lists/42/imports/7/run');

      // Assert
      expect(match.route.name).toBe('runImportByPath');
      expect(match.params).toEqual({ contactListId: '42', importJobId: '7' });
    });

    it('percent-decodes the captured parameters', () => {
      // Arrange
      const route = aRouter();

      // Act
      const match = route('GET', '/contact-lists/4%32/imports/seven%20days');

      // Assert
      expect(match.params).toEqual({ contactListId: '42', importJobId: 'seven days' });
    });

    it('keeps a parameter that is not valid percent-encoding as it came', () => {
      // Arrange
      const route = aRouter();

      // Act
      const match = route('GET', '/contact-lists/%E0%A4%A/imports/7');

      // Assert
      expect(match.params.contactListId).toBe('%E0%A4%A');
    });

    it('does not let a parameter span two segments', () => {
      // Arrange
      const route = aRouter();

      // Act
      const problem = problemThrownBy(() => route('GET', '/contact-lists/1/2/imports/7'));

      // Assert
      expect(problem.status).toBe(404);
    });

    it('does not match a template segment with a different text', () => {
      // Arrange
      const route = aRouter();

      // Act
      const problem = problemThrownBy(() => route('GET', '/openapi-json'));

      // Assert
      expect(problem.status).toBe(404);
    });
  });

  describe('matching by resource template', () => {
    it('uses API Gateway’s resource and path parameters, whatever base path a custom domain adds', () => {
      // Arrange
      const route = aRouter();

      // Act
      const match = route('GET', '/v1/contact-lists/42/imports/7', STATUS, {
        contactListId: '42',
        importJobId: '7',
      });

      // Assert
      expect(match.route.name).toBe('importStatus');
      expect(match.params).toEqual({ contactListId: '42', importJobId: '7' });
    });

    it('leaves out path parameters API Gateway gave as undefined', () => {
      // Arrange
      const route = aRouter();

      // Act
      const match = route('GET', '/whatever', STATUS, { contactListId: '42', importJobId: undefined });

      // Assert
      expect(match.params).toEqual({ contactListId: '42' });
    });

    it('falls back to the path when the resource is not one of its templates (a proxy resource)', () => {
      // Arrange
      const route = aRouter();

      // Act
      const match = route('GET', '/contact-lists/42/imports/7', '/{proxy+}', { proxy: 'contact-lists/42/imports/7' });

      // Assert
      expect(match.route.name).toBe('importStatus');
      expect(match.params).toEqual({ contactListId: '42', importJobId: '7' });
    });

    it('answers 405 for a known resource with another method', () => {
      // Arrange
      const route = aRouter();

      // Act
      const problem = problemThrownBy(() => route('DELETE', '/prod/health', '/health'));

      // Assert
      expect(problem.status).toBe(405);
      expect(problem.headers.Allow).toBe('GET, HEAD');
    });
  });

  describe('HEAD', () => {
    it('matches the GET route of its path, parameters and all', () => {
      // Arrange
      const route = aRouter();

      // Act
      const match = route('HEAD', '/contact-lists/42/imports/7');

      // Assert
      expect(match.route.name).toBe('importStatus');
      expect(match.params).toEqual({ contactListId: '42', importJobId: '7' });
    });

    it('matches the GET route by resource template too', () => {
      // Arrange
      const route = aRouter();

      // Act
      const match = route('HEAD', '/v1/health', '/health');

      // Assert
      expect(match.route.name).toBe('health');
    });

    it('is a 405 on a path that has no GET', () => {
      // Arrange
      const route = aRouter();

      // Act
      const problem = problemThrownBy(() => route('HEAD', '/imports/run'));

      // Assert
      expect(problem.status).toBe(405);
      expect(problem.headers.Allow).toBe('POST');
    });
  });

  describe('refusals', () => {
    it('answers 404 for an unknown path', () => {
      // Arrange
      const route = aRouter();

      // Act
      const problem = problemThrownBy(() => route('GET', '/imports'));

      // Assert
      expect(problem.status).toBe(404);
      expect(problem.title).toBe('Not found');
    });

    it('answers 405 with Allow for a known path and a wrong method', () => {
      // Arrange
      const route = aRouter();

      // Act
      const problem = problemThrownBy(() => route('GET', '/imports/run'));

      // Assert
      expect(problem.status).toBe(405);
      expect(problem.headers).toEqual({ Allow: 'POST' });
    });

    it('lists every method the path allows, once each', () => {
      // Arrange
      const route = aRouter([
        { name: 'read', method: 'GET', template: '/things/{id}' },
        { name: 'replace', method: 'PUT', template: '/things/{id}' },
        { name: 'replaceToo', method: 'PUT', template: '/things/{thingId}' },
      ]);

      // Act
      const problem = problemThrownBy(() => route('DELETE', '/things/9'));

      // Assert
      expect(problem.status).toBe(405);
      expect(problem.headers.Allow).toBe('GET, HEAD, PUT');
      expect(problem.detail).toContain('GET, HEAD, PUT');
    });

    it('matches methods exactly, as the request reader has already upper-cased them', () => {
      // Arrange
      const route = aRouter();

      // Act
      const problem = problemThrownBy(() => route('get', '/health'));

      // Assert
      expect(problem.status).toBe(405);
    });
  });
});
