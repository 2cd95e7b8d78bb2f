import { createImportWebhookApp } from './import-webhook-app';

createImportWebhookApp().app.synth();
