import type { Logger } from '@aws-lambda-powertools/logger';
import { SERVICE_NAME } from './service-identity';

/**
 * The adapter's logger for everything but the outcome line: Powertools Logger (JSON lines, level
 * from `AWS_LAMBDA_LOG_LEVEL`, `POWERTOOLS_LOG_LEVEL` or `LOG_LEVEL`, debug sampling from
 * `POWERTOOLS_LOGGER_SAMPLE_RATE`, pretty-printed with `POWERTOOLS_DEV=true`). It is only ever
 * handed named fields (ids, statuses, problem titles and details, error names): never a header, a
 * body, a secret or an error object. The outcome line of each invocation is printed beside it, in
 * its layout and under its level (see `writeOutcome`).
 *
 * Deployed, the level is INFO and nothing is sampled, and then a success writes no line but its
 * outcome line: the logger (a fifth of the function's startup code) is loaded only when some
 * warning or error is first written. Any other setting loads it at init, so that its own rules
 * decide the level and the sampling.
 */

type LineLevel = 'debug' | 'info' | 'warn' | 'error';

const LEVEL_VARIABLES = ['AWS_LAMBDA_LOG_LEVEL', 'POWERTOOLS_LOG_LEVEL', 'LOG_LEVEL'] as const;

const configuredSampleRate = Number(process.env.POWERTOOLS_LOGGER_SAMPLE_RATE);

/** The debug sampling rate, when one is set: every line names it, as `sampling_rate`. */
const debugSampleRate = configuredSampleRate > 0 ? configuredSampleRate : undefined;

/** True when every level setting is absent or INFO and nothing is sampled: the level is INFO by any rule. */
const isPlainInfo =
  debugSampleRate === undefined &&
  LEVEL_VARIABLES.every((name) => {
    const value = process.env[name]?.trim().toUpperCase();
    return value === undefined || value === '' || value === 'INFO';
  });

/** Powertools Logger's module, when the level or sampling needs its rules from the start. */
const powertools = isPlainInfo ? undefined : await import('@aws-lambda-powertools/logger');
const loggerAtInit: Logger | undefined = powertools && new powertools.Logger({ serviceName: SERVICE_NAME });

let loading: Promise<Logger> | undefined;

/** The logger, made once: at init when the settings need it, else on the first line written. */
const theLogger = (): Promise<Logger> => {
  loading ??=
    loggerAtInit === undefined
      ? import('@aws-lambda-powertools/logger').then(({ Logger }) => new Logger({ serviceName: SERVICE_NAME }))
      : Promise.resolve(loggerAtInit);
  return loading;
};

/**
 * Makes this invocation's debug-sampling decision (a share of invocations, set by
 * `POWERTOOLS_LOGGER_SAMPLE_RATE`, also prints their debug lines). Without sampling, it does nothing.
 */
const resampleDebugLogs: () => void =
  debugSampleRate === undefined ? () => {} : () => loggerAtInit?.refreshSampleRateCalculation();

/**
 * The logger's level for this invocation. Only debug sampling changes it after init, so without
 * sampling it is read once: asking the logger reads the environment on every call.
 */
const levelAtInit = loggerAtInit?.level;
const currentLevel = (): number | undefined => (debugSampleRate === undefined ? levelAtInit : loggerAtInit?.level);

/**
 * True when the logger's level, as this invocation's sampling left it, lets a line of `level`
 * through; at a plain INFO, everything but debug.
 */
const isLogged = (level: LineLevel): boolean => {
  const current = currentLevel();
  if (powertools === undefined || current === undefined) return level !== 'debug';
  return current <= powertools.LogLevelThreshold[level.toUpperCase() as Uppercase<LineLevel>];
};

/**
 * Writes one line through the logger: at once when it is loaded, else once it is (the returned
 * promise says when). A line its level does not let through loads nothing.
 */
const writeLogLine = async (level: LineLevel, message: string, fields: Record<string, unknown>): Promise<void> => {
  if (!isLogged(level)) return;
  (loggerAtInit ?? (await theLogger()))[level](message, fields);
};

export { debugSampleRate, isLogged, resampleDebugLogs, writeLogLine };
