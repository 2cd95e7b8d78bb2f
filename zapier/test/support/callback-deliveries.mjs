import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { CALLBACK_SIGNING_SECRET } from './test-secrets.mjs';

const require = createRequire(import.meta.url);
const { Webhook } = require('standardwebhooks');

const aFinishedImportJob = (overrides = {}) => ({
  id: 2,
  contactListId: 1,
  currentStatus: 'Finished',
  progressPercent: 100,
  startDate: '2026-12-02T08:00:00.000Z',
  finishDate: '2026-12-02T08:00:03.000Z',
  invalidEmailCount: 0,
  invalidSmsCount: 0,
  insertedContacts: 3,
  updatedContacts: 0,
  droppedContacts: 0,
  notUpdatedContacts: 0,
  totalContacts: 3,
  ...overrides,
});

/** A callback event as the adapter POSTs it (design: "The callback"). */
const aCallbackEvent = (type, { runId = 'run-1', importJob = aFinishedImportJob(), problem = null } = {}) => ({
  type,
  timestamp: new Date().toISOString(),
  data: { runId, contactListId: 1, importJobId: 2, importJob, problem },
});

/** Headers as `bundle.rawRequest` carries them: Camel-Case, `Http-` before all but the content ones. */
const asZapierRawHeaders = (headers) =>
  Object.fromEntries(
    Object.entries(headers).map(([name, value]) => {
      const camel = name.toLowerCase().replace(/(^|-)([a-z])/g, (_m, dash, letter) => `${dash}${letter.toUpperCase()}`);
      return [/^content-(type|length)$/i.test(name) ? camel : `Http-${camel}`, value];
    }),
  );

/**
 * The `performResume` bundle of a step resumed by `event`, delivered as the adapter sends it: the
 * body signed by the reference library (`standardwebhooks`) with `signWith`, or unsigned when null.
 */
const aResumeBundle = (event, { signWith = CALLBACK_SIGNING_SECRET, authData = {}, runId = 'run-1' } = {}) => {
  const content = JSON.stringify(event);
  const id = `msg_${randomUUID()}`;
  const sentAt = new Date();
  const headers = {
    'content-type': 'application/json',
    ...(signWith === null
      ? {}
      : {
          'webhook-id': id,
          'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
          'webhook-signature': new Webhook(signWith).sign(id, sentAt, content),
        }),
  };
  return {
    authData: {
      baseUrl: 'https://abc123.execute-api.eu-west-1.amazonaws.com/v1',
      apiKey: 'unused-key-000000',
      ...authData,
    },
    inputData: { contactListId: 1, importJobId: 2 },
    outputData: { runId, status: 'accepted', statusUrl: `/runs/${runId}` },
    cleanedRequest: JSON.parse(content),
    rawRequest: { method: 'POST', headers: asZapierRawHeaders(headers), content },
  };
};

export { aCallbackEvent, aFinishedImportJob, aResumeBundle, asZapierRawHeaders };
