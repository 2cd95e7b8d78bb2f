import { App, type AppProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ImportWebhookStack } from './import-webhook-stack';
import { readStackSettings } from './stack-settings';

const STACK_NAME = 'Which50ImportWebhook';

/**
 * Builds the CDK app: the stack from the context's settings, checked by the cdk-nag AwsSolutions
 * pack, whose unacknowledged findings fail the synth. The CLI entry and the tests share it, so
 * the tests check exactly what `cdk deploy` ships.
 */
const createImportWebhookApp = (props: AppProps = {}): { app: App; stack: ImportWebhookStack } => {
  const app = new App(props);
  const settings = readStackSettings((key) => app.node.tryGetContext(key));
  const stack = new ImportWebhookStack(app, STACK_NAME, {
    settings,
    description: 'Which50 import webhook: API Gateway + Lambda adapter that runs Which50 import jobs.',
  });
  Validations.of(app).addPlugins(
    new AwsSolutionsChecks(app, { verbose: true, writeSuppressionsToCloudFormation: true }),
  );
  return { app, stack };
};

export { createImportWebhookApp, STACK_NAME };
