import { Logger, LogLevelThreshold } from '@aws-lambda-powertools/logger';
import { SERVICE_NAME } from './service-identity';

/**
 * The adapter's one logger: JSON lines, level from `POWERTOOLS_LOG_LEVEL`, debug sampling from
 * `POWERTOOLS_LOGGER_SAMPLE_RATE`, pretty-printed with `POWERTOOLS_DEV=true`. It is only ever
 * handed named fields (ids, statuses, problem titles and details, error names): never a header, a
 * body, a secret or an error object. The outcome line of each invocation is printed beside it, in
 * its layout and under its level (see `writeOutcome`).
 */
const logger = new Logger({ serviceName: SERVICE_NAME });

const configuredSampleRate = Number(process.env.POWERTOOLS_LOGGER_SAMPLE_RATE);

/** The debug sampling rate, when one is set: every line names it, as `sampling_rate`. */
const debugSampleRate = configuredSampleRate > 0 ? configuredSampleRate : undefined;

/**
 * Makes this invocation's debug-sampling decision (a share of invocations, set by
 * `POWERTOOLS_LOGGER_SAMPLE_RATE`, also prints their debug lines). Without sampling, it does nothing.
 */
const resampleDebugLogs: () => void =
  debugSampleRate === undefined ? () => {} : () => logger.refreshSampleRateCalculation();

const THRESHOLDS = {
  debug: LogLevelThreshold.DEBUG,
  info: LogLevelThreshold.INFO,
  warn: LogLevelThreshold.WARN,
  error: LogLevelThreshold.ERROR,
} as const;

/**
 * The logger's level for this invocation. Only debug sampling changes it after init, so without
 * sampling it is read once: asking the logger reads the environment on every call.
 */
const levelAtInit = logger.level;
const currentLevel: () => number = debugSampleRate === undefined ? () => levelAtInit : () => logger.level;

/** True when the logger's level, as this invocation's sampling left it, lets a line of `level` through. */
const isLogged = (level: keyof typeof THRESHOLDS): boolean => currentLevel() <= THRESHOLDS[level];

export { debugSampleRate, isLogged, logger, resampleDebugLogs };
