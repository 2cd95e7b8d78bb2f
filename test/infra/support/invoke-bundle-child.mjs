// Runs in a fresh Node process: imports the bundle named by argv[2], invokes its `handler` with the
// event received over IPC, sends back the result or the error, and exits.
import { pathToFileURL } from 'node:url';

const bundlePath = process.argv[2];

const lambdaContext = {
  awsRequestId: 'smoke-invocation-0001',
  functionName: 'which50-import-webhook',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:which50-import-webhook',
  memoryLimitInMB: '512',
  logGroupName: '/aws/lambda/which50-import-webhook',
  logStreamName: 'smoke',
  callbackWaitsForEmptyEventLoop: true,
  getRemainingTimeInMillis: () => 28_000,
};

const reply = (message) => process.send(message, () => process.exit(0));

process.once('message', async (event) => {
  try {
    const { handler } = await import(pathToFileURL(bundlePath).href);
    reply({ ok: true, result: await handler(event, lambdaContext) });
  } catch (error) {
    reply({ ok: false, error: { name: error?.name, message: error?.message } });
  }
});
