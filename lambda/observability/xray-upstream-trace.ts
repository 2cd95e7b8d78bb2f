import type { Tracer as PowertoolsTracer } from '@aws-lambda-powertools/tracer';
import type { AttemptReport, UpstreamObserver, Which50Client } from '../which50/client';

/**
 * Powertools Tracer's CommonJS build, taken with `require` (the bundle's banner gives ESM code
 * one) so that esbuild bundles it and the X-Ray SDK into this chunk alone. Imported as ESM, it
 * would share Powertools' common modules with the logger, and esbuild would then load the
 * tracer's part of them with every cold start, traced or not.
 */
const { Tracer } = require('@aws-lambda-powertools/tracer') as { Tracer: typeof PowertoolsTracer };

/**
 * Made once, when tracing is on, for the service `POWERTOOLS_SERVICE_NAME` names. HTTP capture is
 * off: the Which50 client sends through its own kept-alive agents, which the X-Ray SDK's patching
 * of the `http` module would not see from an ESM bundle anyway, so each call gets a segment of its own.
 */
const tracer = new Tracer({ captureHTTPsRequests: false });

/** The ids a call is about, annotated before it is sent. */
interface CallNotes {
  readonly contactListId: number;
  readonly importJobId: number;
}

/**
 * One call to Which50 as a `### Which50 <operation>` subsegment of the invocation's trace,
 * annotated with the ids before the call and with the attempts, the last status and any failure
 * after it, so that X-Ray can find, say, every slow run of one import job. A failed call is
 * flagged (fault for 5xx and no answer, error for 4xx); the error itself is not attached, as it
 * may carry data, and the segment gets no request or response metadata.
 */
const traced = async <T>(
  operation: string,
  notes: CallNotes,
  observer: UpstreamObserver | undefined,
  call: (observer: UpstreamObserver) => Promise<T>,
): Promise<T> => {
  const parent = tracer.isTracingEnabled() ? tracer.getSegment() : undefined;
  const attempts: AttemptReport[] = [];
  const watching: UpstreamObserver = {
    attempted: (report) => {
      attempts.push(report);
      observer?.attempted(report);
    },
    sawCircuit: (state) => observer?.sawCircuit?.(state),
  };
  if (parent === undefined) return call(watching);
  const subsegment = parent.addNewSubsegment(`### Which50 ${operation}`);
  tracer.setSegment(subsegment);
  tracer.annotateColdStart();
  tracer.addServiceNameAnnotation();
  tracer.putAnnotation('contactListId', notes.contactListId);
  tracer.putAnnotation('importJobId', notes.importJobId);
  try {
    return await call(watching);
  } finally {
    const { status, failure } = attempts.at(-1) ?? {};
    tracer.putAnnotation('attempts', attempts.length);
    if (status !== undefined) tracer.putAnnotation('upstreamStatus', status);
    if (failure !== undefined) tracer.putAnnotation('upstreamFailure', failure);
    if (failure !== undefined || (status !== undefined && status >= 500)) subsegment.addFaultFlag();
    else if (status !== undefined && status >= 400) subsegment.addErrorFlag();
    subsegment.close();
    tracer.setSegment(parent);
  }
};

/**
 * The Which50 client with each call traced; everything else about the calls is unchanged. The
 * composition root applies it only when tracing is on, so an untraced function carries no trace
 * code in its path at all.
 */
const traceWhich50Client = (client: Which50Client): Which50Client => ({
  runImport: (command, deadline, observer) =>
    traced('runImport', command, observer, (watching) => client.runImport(command, deadline, watching)),
  readImportJob: (ref, deadline, observer) =>
    traced('readImportJob', ref, observer, (watching) => client.readImportJob(ref, deadline, watching)),
});

export { traceWhich50Client };
