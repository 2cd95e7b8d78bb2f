import { createImportWebhookApp } from './import-webhook-app';
import { StackContextError } from './stack-context-error';

/*
 * The CDK CLI's entry. A wrong context is the operator's to fix in the command or in cdk.json, so
 * it is one line on stderr and a non-zero exit, not a stack trace; anything else is a bug and
 * keeps its trace.
 */
try {
  createImportWebhookApp().app.synth();
} catch (error) {
  if (!(error instanceof StackContextError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}
