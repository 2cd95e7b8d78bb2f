import { App, type AppProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ImportWebhookStack } from './import-webhook-stack';
import { DEFAULT_STAGE, readStackSettings } from './stack-settings';

/** The stack's name without its stage; `-c stage=dev` deploys `Which50ImportWebhook-dev`. */
const STACK_NAME_PREFIX = 'Which50ImportWebhook';

/** The stack's name for a stage, so that dev and prod are two stacks side by side in one account. */
const stackNameFor = (stage: string): string => `${STACK_NAME_PREFIX}-${stage}`;

/** The stack's name when the context names no stage: `Which50ImportWebhook-prod`. */
const STACK_NAME = stackNameFor(DEFAULT_STAGE);

/**
 * Builds the CDK app: the stack from the context's settings, checked by the cdk-nag AwsSolutions
 * pack, whose unacknowledged findings fail the synth. The CLI entry and the tests share it, so
 * the tests check exactly what `cdk deploy` ships. A wrong context throws `StackContextError`
 * before any construct is built.
 */
const createImportWebhookApp = (props: AppProps = {}): { app: App; stack: ImportWebhookStack } => {
  const app = new App(props);
  const settings = readStackSettings(app.node.getAllContext());
  const stack = new ImportWebhookStack(app, stackNameFor(settings.stage), {
    settings,
    description: `Which50 import webhook (${settings.stage}): API Gateway + Lambda adapter that runs Which50 import jobs.`,
  });
  Validations.of(app).addPlugins(
    new AwsSolutionsChecks(app, { verbose: true, writeSuppressionsToCloudFormation: true }),
  );
  return { app, stack };
};

export { createImportWebhookApp, STACK_NAME };
