// Runs in a fresh Node process, as a new Lambda execution environment would: imports the bundle
// named by argv[3], invokes its `handler` with the API Gateway event in argv[4], and writes what it
// measured as one JSON line to file descriptor 3 (stdout belongs to the bundle's own log lines).
// Plain JavaScript, so that no TypeScript loader adds to the process's start.
//   cold:  one invocation; reports the ms from the process's time origin to the answer.
//   warm:  argv[5] warm-up invocations, then writes `ready` to fd 3 and takes orders on stdin, one
//          a line: a number N runs N timed invocations and answers `done`; `end` reports the
//          latency of every timed invocation, in us, and the process's peak resident memory (KiB).
//          The parent hands out blocks to the contenders in turn, so that each runs while the
//          machine is as the others found it.
//   files: one invocation; reports every file the process loaded up to the answer.
import { writeSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';

const [mode, bundlePath, eventJson, warmUpText = '0'] = process.argv.slice(2);

const loadedFiles = new Set();
if (mode === 'files') {
  // Node 22.15 and later; the timed modes never load this.
  const { registerHooks } = await import('node:module');
  registerHooks({
    load(url, context, nextLoad) {
      if (url.startsWith('file:')) loadedFiles.add(fileURLToPath(url));
      return nextLoad(url, context);
    },
  });
}

const context = {
  awsRequestId: 'bench-invocation',
  functionName: 'which50-import-webhook-bench',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:which50-import-webhook-bench',
  memoryLimitInMB: '512',
  logGroupName: '/aws/lambda/which50-import-webhook-bench',
  logStreamName: 'bench',
  callbackWaitsForEmptyEventLoop: true,
  getRemainingTimeInMillis: () => 28_000,
};

const report = (measurement) => {
  writeSync(3, `${JSON.stringify(measurement)}\n`);
  process.exit(0);
};

/**
 * Fails loudly: a benchmark of a handler that does not succeed measures nothing worth having. A
 * sync run answers 200, an async one 202.
 */
const invoke = async (handler, event) => {
  const result = await handler(event, context);
  const status = result?.statusCode;
  if (!(status >= 200 && status < 300)) throw new Error(`The handler answered ${status}: ${result?.body}`);
};

/** Node's fetch hands its socket back to the pool a tick after the body is read; let it, untimed. */
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/** Each invocation gets its own copy of the event, made before its clock starts. */
const warm = async (handler, event) => {
  for (let index = 0; index < Number(warmUpText); index += 1) {
    await invoke(handler, structuredClone(event));
    await nextTurn();
  }
  writeSync(3, 'ready\n');
  const latenciesUs = [];
  for await (const order of createInterface({ input: process.stdin })) {
    if (order === 'end') break;
    for (let index = 0; index < Number(order); index += 1) {
      const copy = structuredClone(event);
      const started = process.hrtime.bigint();
      await invoke(handler, copy);
      latenciesUs.push(Number(process.hrtime.bigint() - started) / 1_000);
      await nextTurn();
    }
    writeSync(3, 'done\n');
  }
  return { latenciesUs, maxRssKiB: process.resourceUsage().maxRSS };
};

try {
  const event = JSON.parse(eventJson);
  const { handler } = await import(pathToFileURL(bundlePath).href);
  await invoke(handler, structuredClone(event));
  if (mode === 'cold') report({ coldStartMs: performance.now() });
  else if (mode === 'files') report({ files: [...loadedFiles] });
  else report(await warm(handler, event));
} catch (error) {
  report({ error: `${error?.name}: ${error?.message}` });
}
