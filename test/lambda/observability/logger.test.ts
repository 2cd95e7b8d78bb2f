import { afterEach, describe, expect, it, vi } from 'vitest';
import { capturePrintedOutput } from '../../support/log-lines';

/** The logger module as a fresh execution environment loads it, under `env`. */
const loadLoggerUnder = async (env: Record<string, string | undefined>) => {
  vi.resetModules();
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  return import('../../../lambda/observability/logger');
};

const PLAIN_INFO = {
  POWERTOOLS_LOG_LEVEL: 'INFO',
  LOG_LEVEL: undefined,
  AWS_LAMBDA_LOG_LEVEL: undefined,
  POWERTOOLS_LOGGER_SAMPLE_RATE: undefined,
};

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('the logger at the deployed plain INFO level', () => {
  it('lets info, warnings and errors through, and debug not', async () => {
    // Act
    const { isLogged } = await loadLoggerUnder(PLAIN_INFO);

    // Assert
    expect(['debug', 'info', 'warn', 'error'].map((level) => isLogged(level as 'info'))).toEqual([
      false,
      true,
      true,
      true,
    ]);
  });

  it('still writes a warning, through Powertools Logger loaded for it', async () => {
    // Arrange
    const { writeLogLine } = await loadLoggerUnder(PLAIN_INFO);
    const output = capturePrintedOutput();

    // Act
    await writeLogLine('warn', 'Something to look at', { cause: 'TestError' });

    // Assert
    const lines = output.lines();
    output.restore();
    expect(lines).toEqual([
      expect.objectContaining({ level: 'WARN', message: 'Something to look at', cause: 'TestError' }),
    ]);
  });

  it('writes no debug line', async () => {
    // Arrange
    const { writeLogLine } = await loadLoggerUnder(PLAIN_INFO);
    const output = capturePrintedOutput();

    // Act
    await writeLogLine('debug', 'Upstream attempt', {});

    // Assert
    const text = output.text();
    output.restore();
    expect(text).toBe('');
  });
});

describe('the logger under other settings', () => {
  it.each([
    ['POWERTOOLS_LOG_LEVEL=DEBUG', { ...PLAIN_INFO, POWERTOOLS_LOG_LEVEL: 'DEBUG' }, true],
    ['LOG_LEVEL=DEBUG', { ...PLAIN_INFO, POWERTOOLS_LOG_LEVEL: undefined, LOG_LEVEL: 'DEBUG' }, true],
    [
      'AWS_LAMBDA_LOG_LEVEL=WARN over POWERTOOLS_LOG_LEVEL=DEBUG',
      { ...PLAIN_INFO, POWERTOOLS_LOG_LEVEL: 'DEBUG', AWS_LAMBDA_LOG_LEVEL: 'WARN' },
      false,
    ],
  ])('follows Powertools’ own rules: %s', async (_case, env, debugLogged) => {
    // Act
    const { isLogged } = await loadLoggerUnder(env);

    // Assert
    expect(isLogged('debug')).toBe(debugLogged);
  });

  it('leaves info out at WARN', async () => {
    // Act
    const { isLogged } = await loadLoggerUnder({ ...PLAIN_INFO, POWERTOOLS_LOG_LEVEL: 'WARN' });

    // Assert
    expect([isLogged('info'), isLogged('warn')]).toEqual([false, true]);
  });
});
