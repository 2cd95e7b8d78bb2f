import { isProblem } from '../http/problem';
import type { InvocationRecorder } from './invocation-recorder';

/**
 * Tells the recorder the error its invocation ends with: a {@link Problem} by what its caller is
 * told (and the status read after a timed-out run); any other error, a bug, by its name only,
 * since its message may quote data.
 */
const recordFailure = (recorder: InvocationRecorder, error: unknown): void => {
  if (!isProblem(error)) {
    recorder.errorName = error instanceof Error ? error.name : typeof error;
    return;
  }
  recorder.problem = { title: error.title, detail: error.detail };
  recorder.sawImportJob(error.extra.importJob as { currentStatus?: unknown } | undefined);
};

export { recordFailure };
