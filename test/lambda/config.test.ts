import { describe, expect, it } from 'vitest';
import { readConfig } from '../../lambda/config';
import { anAdapterConfig, problemThrownBy } from '../support/factories';

const WHOLE_NUMBER_SETTINGS = [
  ['SECRET_CACHE_SECONDS', 'secretCacheSeconds'],
  ['UPSTREAM_TIMEOUT_MS', 'upstreamTimeoutMs'],
  ['UPSTREAM_DEADLINE_MS', 'upstreamDeadlineMs'],
  ['WEBHOOK_TOLERANCE_SECONDS', 'webhookToleranceSeconds'],
  ['IDEMPOTENCY_TTL_SECONDS', 'idempotencyTtlSeconds'],
  ['SECRET_STALE_SECONDS', 'secretStaleSeconds'],
] as const;

/** Settings where 0 turns a feature off: the secret's cache, the stale secret. */
const ZERO_ALLOWED: readonly string[] = ['SECRET_CACHE_SECONDS', 'SECRET_STALE_SECONDS'];

/** Settings where 0 would make no sense (a zero timeout, a zero tolerance, a breaker open at once). */
const AT_LEAST_ONE = WHOLE_NUMBER_SETTINGS.filter(([name]) => !ZERO_ALLOWED.includes(name));

describe('readConfig', () => {
  describe('defaults', () => {
    it('gives the documented defaults for an empty environment', () => {
      // Arrange
      const env = {};

      // Act
      const config = readConfig(env);

      // Assert
      expect(config).toEqual(anAdapterConfig());
      expect(config).toMatchObject({
        secretCacheSeconds: 300,
        upstreamTimeoutMs: 10_000,
        upstreamDeadlineMs: 25_000,
        webhookToleranceSeconds: 300,
        idempotencyTtlSeconds: 86_400,
        allowHttpUpstream: false,
        circuitBreaker: { threshold: 5, openMs: 30_000 },
        secretStaleSeconds: 3_600,
      });
    });

    it.each(WHOLE_NUMBER_SETTINGS)('treats an empty or blank %s as unset', (name, key) => {
      // Arrange
      const env = { [name]: '   ' };

      // Act
      const config = readConfig(env);

      // Assert
      expect(config[key]).toBe(anAdapterConfig()[key]);
    });
  });

  describe('whole-number settings', () => {
    it.each(WHOLE_NUMBER_SETTINGS)('reads %s', (name, key) => {
      // Arrange
      const env = { [name]: '1234' };

      // Act
      const config = readConfig(env);

      // Assert
      expect(config[key]).toBe(1234);
    });

    it('ignores spaces around a number', () => {
      // Arrange
      const env = { UPSTREAM_TIMEOUT_MS: ' 2500 ' };

      // Act
      const config = readConfig(env);

      // Assert
      expect(config.upstreamTimeoutMs).toBe(2500);
    });

    it('accepts 0 for SECRET_CACHE_SECONDS, which turns the cache off', () => {
      // Arrange
      const env = { SECRET_CACHE_SECONDS: '0' };

      // Act
      const config = readConfig(env);

      // Assert
      expect(config.secretCacheSeconds).toBe(0);
    });

    it('accepts 0 for SECRET_STALE_SECONDS, which never serves a stale secret', () => {
      // Arrange
      const env = { SECRET_STALE_SECONDS: '0' };

      // Act
      const config = readConfig(env);

      // Assert
      expect(config.secretStaleSeconds).toBe(0);
    });

    it.each(AT_LEAST_ONE)('refuses 0 for %s', (name) => {
      // Arrange
      const env = { [name]: '0' };

      // Act
      const problem = problemThrownBy(() => readConfig(env));

      // Assert
      expect(problem.status).toBe(500);
      expect(problem.detail).toContain(name);
      expect(problem.detail).toContain('at least 1');
    });

    it.each([
      ['a word', 'ten'],
      ['a negative number', '-5'],
      ['a fraction', '2.5'],
      ['an exponent', '1e4'],
      ['a unit suffix', '10s'],
      ['a hexadecimal number', '0x10'],
      ['a number past the safe integers', '9007199254740993'],
    ])('refuses %s with a 500 naming the variable', (_kind, value) => {
      // Arrange
      const env = { UPSTREAM_DEADLINE_MS: value };

      // Act
      const problem = problemThrownBy(() => readConfig(env));

      // Assert
      expect(problem.status).toBe(500);
      expect(problem.title).toBe('Adapter misconfigured');
      expect(problem.detail).toContain('UPSTREAM_DEADLINE_MS');
    });

    it.each(WHOLE_NUMBER_SETTINGS)('names %s when it is wrong, and only it', (name) => {
      // Arrange
      const env = { [name]: 'not-a-number' };

      // Act
      const problem = problemThrownBy(() => readConfig(env));

      // Assert
      const others = WHOLE_NUMBER_SETTINGS.map(([other]) => other).filter((other) => other !== name);
      expect(problem.detail).toContain(name);
      for (const other of others) expect(problem.detail).not.toContain(other);
    });

    it('never echoes the bad value, which may have been a credential pasted in the wrong place', () => {
      // Arrange
      const env = { SECRET_CACHE_SECONDS: 'sk_live_MARKER_4f9d2' };

      // Act
      const problem = problemThrownBy(() => readConfig(env));

      // Assert
      expect(problem.detail).not.toContain('MARKER');
      expect(JSON.stringify(problem)).not.toContain('MARKER');
      expect(problem.message).not.toContain('MARKER');
    });
  });

  describe('the circuit breaker', () => {
    it('reads CIRCUIT_BREAKER_THRESHOLD, and CIRCUIT_BREAKER_OPEN_SECONDS as milliseconds', () => {
      // Arrange
      const env = { CIRCUIT_BREAKER_THRESHOLD: '12', CIRCUIT_BREAKER_OPEN_SECONDS: '45' };

      // Act
      const config = readConfig(env);

      // Assert
      expect(config.circuitBreaker).toEqual({ threshold: 12, openMs: 45_000 });
    });

    it.each(['CIRCUIT_BREAKER_THRESHOLD', 'CIRCUIT_BREAKER_OPEN_SECONDS'])(
      'refuses 0 for %s, which would hold every call',
      (name) => {
        // Arrange
        const env = { [name]: '0' };

        // Act
        const problem = problemThrownBy(() => readConfig(env));

        // Assert
        expect(problem.status).toBe(500);
        expect(problem.detail).toContain(name);
      },
    );

    it.each(['CIRCUIT_BREAKER_THRESHOLD', 'CIRCUIT_BREAKER_OPEN_SECONDS'])('refuses a word for %s', (name) => {
      // Arrange
      const env = { [name]: 'five' };

      // Act
      const problem = problemThrownBy(() => readConfig(env));

      // Assert
      expect(problem.detail).toContain(name);
      expect(problem.detail).not.toContain('five');
    });
  });

  describe('ALLOW_HTTP_UPSTREAM', () => {
    it.each(['true', 'TRUE', ' True ', '1'])('is on for %j', (value) => {
      // Arrange
      const env = { ALLOW_HTTP_UPSTREAM: value };

      // Act
      const config = readConfig(env);

      // Assert
      expect(config.allowHttpUpstream).toBe(true);
    });

    it.each(['false', 'FALSE', '0', '', ' '])('is off for %j', (value) => {
      // Arrange
      const env = { ALLOW_HTTP_UPSTREAM: value };

      // Act
      const config = readConfig(env);

      // Assert
      expect(config.allowHttpUpstream).toBe(false);
    });

    it.each(['yes', 'on', 'enabled', '2'])('refuses %j with a 500 naming the variable', (value) => {
      // Arrange
      const env = { ALLOW_HTTP_UPSTREAM: value };

      // Act
      const problem = problemThrownBy(() => readConfig(env));

      // Assert
      expect(problem.status).toBe(500);
      expect(problem.detail).toContain('ALLOW_HTTP_UPSTREAM');
    });

    it('never echoes a refused value', () => {
      // Arrange
      const env = { ALLOW_HTTP_UPSTREAM: 'MARKER-7d1c' };

      // Act
      const problem = problemThrownBy(() => readConfig(env));

      // Assert
      expect(`${problem.message} ${JSON.stringify(problem)}`).not.toContain('MARKER');
    });
  });

  describe('named resources', () => {
    it('reads SECRET_ID without the spaces around it', () => {
      // Arrange
      const env = { SECRET_ID: ' which50-import-webhook/prod ' };

      // Act
      const config = readConfig(env);

      // Assert
      expect(config.secretId).toBe('which50-import-webhook/prod');
    });

    it('reads a blank SECRET_ID as none, so the local run falls back to its other sources', () => {
      // Arrange
      const env = { SECRET_ID: '  ' };

      // Act
      const config = readConfig(env);

      // Assert
      expect(config.secretId).toBeUndefined();
    });

    it('reads IDEMPOTENCY_TABLE_NAME', () => {
      // Arrange
      const env = { IDEMPOTENCY_TABLE_NAME: 'imports-idempotency' };

      // Act
      const config = readConfig(env);

      // Assert
      expect(config.idempotencyTableName).toBe('imports-idempotency');
    });

    it('reads a blank IDEMPOTENCY_TABLE_NAME as none', () => {
      // Arrange
      const env = { IDEMPOTENCY_TABLE_NAME: '' };

      // Act
      const config = readConfig(env);

      // Assert
      expect(config.idempotencyTableName).toBeUndefined();
    });
  });

  it('ignores variables it does not know', () => {
    // Arrange
    const env = { PATH: '/usr/bin', AWS_REGION: 'eu-west-1', UPSTREAM_TIMEOUT: 'oops' };

    // Act
    const config = readConfig(env);

    // Assert
    expect(config).toEqual(anAdapterConfig());
  });
});
