/**
 * The adapter's own OpenAPI 3.1 description, served at `GET /openapi.json`. It is loaded only when
 * that route is asked for, so it weighs nothing on a run. Tests keep it in step with the code: its
 * paths are the router's, its examples are sent to the handler, and the answers are validated
 * against its schemas.
 */

const MAX_ID = 2_147_483_647;

const idSchema = (description: string) => ({
  description,
  oneOf: [
    { type: 'integer', minimum: 1, maximum: MAX_ID },
    { type: 'string', pattern: '^\\s*\\d+\\s*$', description: 'decimal digits, e.g. "42"' },
  ],
});

const eventsSchema = {
  description:
    'Custom Event names to run for the imported contacts: a list, or one comma-separated string. Names are trimmed; empty entries and duplicates are dropped; a name is 1..128 characters with no comma and no control character; at most 50 names.',
  oneOf: [
    { type: 'array', items: { type: 'string', minLength: 1, maxLength: 128 }, maxItems: 200 },
    { type: 'string' },
    { type: 'null' },
  ],
};

const runFields = {
  contactListId: idSchema('The contact list (also `contact_list_id`, `ContactListId`).'),
  importJobId: idSchema('The import job (also `import_job_id`, `ImportJobId`).'),
  customEvents: eventsSchema,
  callbackUrl: {
    type: 'string',
    maxLength: 2048,
    description:
      "Where to POST the run's end, signed per Standard Webhooks (also `callback_url`, `CallbackUrl`): `https:`, no user info, not to a loopback, private, link-local, CGNAT, multicast or metadata address, within `outbound.callbackHosts` when set. Makes the run async (202) and follow the job.",
  },
  follow: {
    oneOf: [{ type: 'boolean' }, { type: 'string', enum: ['true', 'false'] }],
    description: 'Async runs only: follow the job until it finishes (implied by `callbackUrl`).',
  },
};

const nullableInteger = { type: ['integer', 'null'] };
const nullableDate = {
  type: ['string', 'null'],
  format: 'date-time',
  description: 'ISO 8601 UTC with milliseconds; null when the upstream has no date.',
};

/** The headers a problem answer carries beside `x-request-id`, by the component that describes them. */
type ProblemHeader = 'Allow' | 'WWW-Authenticate' | 'Retry-After';
const HEADER_COMPONENTS: Readonly<Record<ProblemHeader, string>> = {
  Allow: '#/components/headers/Allow',
  'WWW-Authenticate': '#/components/headers/WwwAuthenticate',
  'Retry-After': '#/components/headers/RetryAfter',
};

const problemResponse = (
  description: string,
  example: Record<string, unknown>,
  headers: readonly ProblemHeader[] = [],
) => ({
  description,
  headers: {
    'x-request-id': { $ref: '#/components/headers/RequestId' },
    ...Object.fromEntries(headers.map((name) => [name, { $ref: HEADER_COMPONENTS[name] }])),
  },
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' }, example } },
});

const aProblem = (status: number, title: string, detail: string, extra: Record<string, unknown> = {}) => ({
  type: `urn:which50-import-webhook:problem:${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`,
  title,
  status,
  detail,
  requestId: 'c0ffee00-0000-4000-8000-000000000000',
  ...extra,
});

const PROBLEMS = {
  400: problemResponse(
    'The body is malformed, or the payload names no valid ids or bad event names, or a field clashes.',
    aProblem(400, 'Invalid payload', 'importJobId: is required', {
      errors: [{ field: 'importJobId', message: 'is required' }],
    }),
  ),
  401: problemResponse(
    'No valid API key or webhook signature.',
    aProblem(
      401,
      'Unauthorized',
      'A valid API key (x-api-key or Authorization: Bearer) or webhook signature is required.',
    ),
    ['WWW-Authenticate'],
  ),
  404: problemResponse(
    'No such route, or Which50 has no such contact list or import job.',
    aProblem(404, 'Not found', 'Which50 has no such contact list or import job.'),
  ),
  405: problemResponse(
    'The route exists with another method; `Allow` lists it.',
    aProblem(405, 'Method not allowed', 'GET is not allowed here; use POST.'),
    ['Allow'],
  ),
  409: problemResponse(
    'A delivery with the same idempotency key is still running; retry after `Retry-After`.',
    aProblem(409, 'Run in progress', 'A run with this idempotency key is in progress.'),
    ['Retry-After'],
  ),
  413: problemResponse(
    'The body is over 64 KiB.',
    aProblem(413, 'Payload too large', 'The body has 70000 bytes; the limit is 65536.'),
  ),
  415: problemResponse(
    'The body is neither JSON nor a form.',
    aProblem(415, 'Unsupported media type', 'Send application/json or application/x-www-form-urlencoded.'),
  ),
  422: problemResponse(
    'Which50 refused the run (its message is the detail), or an idempotency key was reused with another payload.',
    aProblem(422, 'Import refused by Which50', 'The import job has no contacts.', { upstreamStatus: 400 }),
  ),
  500: problemResponse(
    "The adapter's configuration is broken; the detail names the field.",
    aProblem(
      500,
      'Adapter misconfigured',
      'The secret is invalid: field which50.auth.token is missing or is not of type string.',
    ),
  ),
  502: problemResponse(
    'Which50 failed or answered something that is not an ImportJob.',
    aProblem(502, 'Upstream failed', 'Which50 answered 500; the import was not confirmed.', { upstreamStatus: 500 }),
  ),
  503: problemResponse(
    'Which50 throttled or was unavailable until the deadline; see `Retry-After`.',
    aProblem(503, 'Upstream unavailable', 'Which50 answered 503 until the deadline; the import was not started.'),
    ['Retry-After'],
  ),
  504: problemResponse(
    'Which50 did not answer before the deadline; `importJob` holds the status read afterwards, when that worked.',
    aProblem(504, 'Upstream timed out', 'Which50 did not answer the run before the deadline; it may still be running.'),
  ),
} as const;

const problemsFor = (...statuses: (keyof typeof PROBLEMS)[]) =>
  Object.fromEntries(statuses.map((status) => [String(status), PROBLEMS[status]]));

const importJobAnswer = {
  description: 'The import job, normalized.',
  headers: {
    'x-request-id': { $ref: '#/components/headers/RequestId' },
    'idempotent-replayed': {
      description: 'Present (`true`) when this is the stored answer to an earlier delivery with the same key.',
      schema: { type: 'string', enum: ['true'] },
    },
  },
  content: { 'application/json': { schema: { $ref: '#/components/schemas/ImportJob' } } },
};

const acceptedAnswer = {
  description:
    'The run was accepted as an async run (asked by `Prefer: respond-async` or a `callbackUrl`); follow it at `Location`.',
  headers: {
    'x-request-id': { $ref: '#/components/headers/RequestId' },
    Location: { description: "The run's status URL, `/runs/{runId}`.", schema: { type: 'string' } },
    'Preference-Applied': {
      description: 'Present (`respond-async`) when the request asked with `Prefer: respond-async`.',
      schema: { type: 'string', enum: ['respond-async'] },
    },
    'idempotent-replayed': {
      description:
        'Present (`true`) when an earlier delivery with the same key was accepted already: same run, no second start.',
      schema: { type: 'string', enum: ['true'] },
    },
  },
  content: { 'application/json': { schema: { $ref: '#/components/schemas/AcceptedRun' } } },
};

const SECURITY = [{ apiKey: [] }, { bearer: [] }, { standardWebhooks: [] }, { hubSignature: [] }];

const runOperation = (summary: string, operationId: string, requestExample: Record<string, unknown>) => ({
  summary,
  operationId,
  security: SECURITY,
  parameters: [
    { $ref: '#/components/parameters/IdempotencyKey' },
    { $ref: '#/components/parameters/WebhookId' },
    {
      name: 'Prefer',
      in: 'header',
      required: false,
      schema: { type: 'string' },
      description:
        '`respond-async` (RFC 7240) asks for an async run: 202 at once, the run followed at `/runs/{runId}`.',
    },
    {
      name: 'customEvents',
      in: 'query',
      required: false,
      schema: { type: 'string' },
      description: 'Comma-separated event names (also `custom_events`, `customevents`).',
    },
  ],
  requestBody: {
    required: false,
    description:
      'The payload: JSON (optionally wrapped in `data`) or a form. Fields may also come from the query string.',
    content: {
      'application/json': { schema: { $ref: '#/components/schemas/RunImportPayload' }, example: requestExample },
      'application/x-www-form-urlencoded': { schema: { $ref: '#/components/schemas/RunImportForm' } },
    },
  },
  responses: {
    200: importJobAnswer,
    202: acceptedAnswer,
    ...problemsFor(400, 401, 404, 405, 409, 413, 415, 422, 500, 502, 503, 504),
  },
});

const pathIds = [
  { name: 'contactListId', in: 'path', required: true, schema: { type: 'integer', minimum: 1, maximum: MAX_ID } },
  { name: 'importJobId', in: 'path', required: true, schema: { type: 'integer', minimum: 1, maximum: MAX_ID } },
];

const statusOperation = {
  summary: "Read an import job's status",
  operationId: 'importStatus',
  security: SECURITY,
  responses: { 200: importJobAnswer, ...problemsFor(400, 401, 404, 405, 500, 502, 503, 504) },
};

const runStatusOperation = {
  summary: "Read an async run's progress (the principal that started it only)",
  operationId: 'runStatus',
  security: SECURITY,
  responses: {
    200: {
      description: 'The run as recorded.',
      headers: { 'x-request-id': { $ref: '#/components/headers/RequestId' } },
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Run' } } },
    },
    ...problemsFor(401, 404, 405, 500, 503),
  },
};

const meOperation = {
  summary: 'Who the credential is: its principal, scheme and scope (a connection test)',
  operationId: 'me',
  security: SECURITY,
  responses: {
    200: {
      description: 'The principal the credential stands for.',
      headers: { 'x-request-id': { $ref: '#/components/headers/RequestId' } },
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Principal' } } },
    },
    ...problemsFor(401, 405, 500),
  },
};

const healthOperation = {
  summary: 'Liveness; touches neither the secret nor Which50',
  operationId: 'health',
  security: [],
  responses: {
    200: {
      description: 'Alive.',
      content: {
        'application/json': {
          schema: { type: 'object', required: ['status'], properties: { status: { const: 'ok' } } },
        },
      },
    },
  },
};

const openApiOperation = {
  summary: 'This document',
  operationId: 'openApi',
  security: [],
  responses: {
    200: {
      description: 'The OpenAPI 3.1 document.',
      content: { 'application/json': { schema: { type: 'object' } } },
    },
  },
};

interface GetOperation {
  readonly summary: string;
  readonly operationId: string;
  readonly security: readonly unknown[];
  readonly responses: Readonly<Record<string, { readonly description: string; readonly headers?: object }>>;
}

/** The HEAD of a GET operation (uptime checkers send it): the same statuses and headers, no body. */
const headOf = (get: GetOperation) => ({
  summary: `${get.summary} (status and headers only)`,
  operationId: `${get.operationId}Head`,
  security: get.security,
  responses: Object.fromEntries(
    Object.entries(get.responses).map(([status, { description, headers }]) => [
      status,
      headers === undefined ? { description } : { description, headers },
    ]),
  ),
});

const openApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'which50-import-webhook',
    version: '0.1.0',
    description:
      'Runs Which50 import jobs for callers that cannot speak the Which50 API: webhooks, Zapier-style integrations and schedules.',
  },
  paths: {
    '/imports/run': {
      post: runOperation('Run an import job from the simplified payload', 'runImport', {
        contactListId: 1,
        importJobId: 2,
        customEvents: ['SendWelcomeEmail'],
      }),
    },
    '/contact-lists/{contactListId}/imports/{importJobId}/run': {
      parameters: pathIds,
      post: runOperation('Run an import job named by its path', 'runImportByPath', {
        customEvents: 'SendWelcomeEmail,SendEventInvite',
      }),
    },
    '/contact-lists/{contactListId}/imports/{importJobId}': {
      parameters: pathIds,
      get: statusOperation,
      head: headOf(statusOperation),
    },
    '/runs/{runId}': {
      parameters: [
        { name: 'runId', in: 'path', required: true, schema: { type: 'string', pattern: '^run_[A-Za-z0-9_-]{43}$' } },
      ],
      get: runStatusOperation,
      head: headOf(runStatusOperation),
    },
    '/me': { get: meOperation, head: headOf(meOperation) },
    '/health': { get: healthOperation, head: headOf(healthOperation) },
    '/openapi.json': { get: openApiOperation, head: headOf(openApiOperation) },
  },
  components: {
    schemas: {
      RunImportPayload: {
        type: 'object',
        description: 'Unknown fields are ignored. `data` may wrap the fields.',
        properties: { ...runFields, data: { type: 'object', properties: runFields } },
      },
      RunImportForm: {
        type: 'object',
        description: 'A repeated key is a list.',
        properties: {
          contactListId: { type: 'string' },
          importJobId: { type: 'string' },
          customEvents: { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
          callbackUrl: { type: 'string' },
          follow: { type: 'string', enum: ['true', 'false'] },
        },
      },
      AcceptedRun: {
        type: 'object',
        additionalProperties: false,
        required: ['runId', 'status', 'statusUrl'],
        properties: {
          runId: { type: 'string', description: 'Derived from principal and idempotency key; random without a key.' },
          status: { const: 'accepted' },
          statusUrl: { type: 'string', description: '`/runs/{runId}`.' },
        },
      },
      Run: {
        type: 'object',
        additionalProperties: false,
        required: ['runId', 'status', 'importJob', 'callback', 'problem'],
        properties: {
          runId: { type: 'string' },
          status: { enum: ['accepted', 'running', 'following', 'calling-back', 'succeeded', 'failed', 'timed-out'] },
          importJob: { oneOf: [{ type: 'null' }, { $ref: '#/components/schemas/ImportJob' }] },
          callback: {
            oneOf: [
              { type: 'null' },
              {
                type: 'object',
                required: ['host', 'attempts', 'lastStatus'],
                properties: {
                  host: { type: 'string' },
                  attempts: { type: 'integer' },
                  lastStatus: { type: ['integer', 'null'] },
                },
              },
            ],
          },
          problem: {
            oneOf: [
              { type: 'null' },
              {
                type: 'object',
                required: ['type', 'title', 'status', 'detail'],
                properties: {
                  type: { type: 'string' },
                  title: { type: 'string' },
                  status: { type: 'integer' },
                  detail: { type: 'string' },
                },
              },
            ],
          },
        },
      },
      Principal: {
        type: 'object',
        additionalProperties: false,
        required: ['principal', 'scheme', 'scope'],
        properties: {
          principal: { type: 'string', description: "The credential entry's name, or its scheme when unnamed." },
          scheme: { enum: ['api-key', 'standard-webhooks', 'hub-signature'] },
          scope: {
            description: 'The jobs the credential may run or read; null: any.',
            oneOf: [
              { type: 'null' },
              {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['contactListId'],
                  properties: {
                    contactListId: { type: 'integer' },
                    importJobId: { type: 'integer' },
                    customEvents: { type: 'array', items: { type: 'string' } },
                  },
                },
              },
            ],
          },
        },
      },
      ImportJob: {
        type: 'object',
        additionalProperties: false,
        required: [
          'id',
          'contactListId',
          'currentStatus',
          'progressPercent',
          'startDate',
          'finishDate',
          'invalidEmailCount',
          'invalidSmsCount',
          'insertedContacts',
          'updatedContacts',
          'droppedContacts',
          'notUpdatedContacts',
          'totalContacts',
        ],
        properties: {
          id: { type: 'integer' },
          contactListId: { type: 'integer' },
          currentStatus: { type: ['string', 'null'] },
          progressPercent: nullableInteger,
          startDate: nullableDate,
          finishDate: nullableDate,
          invalidEmailCount: nullableInteger,
          invalidSmsCount: nullableInteger,
          insertedContacts: nullableInteger,
          updatedContacts: nullableInteger,
          droppedContacts: nullableInteger,
          notUpdatedContacts: nullableInteger,
          totalContacts: nullableInteger,
        },
      },
      Problem: {
        type: 'object',
        description: 'RFC 9457 problem details.',
        required: ['type', 'title', 'status', 'detail', 'requestId'],
        properties: {
          type: { type: 'string', format: 'uri' },
          title: { type: 'string' },
          status: { type: 'integer' },
          detail: { type: 'string' },
          requestId: { type: 'string', description: 'Equals the `x-request-id` header.' },
          errors: {
            type: 'array',
            items: {
              type: 'object',
              required: ['field', 'message'],
              properties: { field: { type: 'string' }, message: { type: 'string' } },
            },
          },
          importJob: { $ref: '#/components/schemas/ImportJob' },
          upstreamStatus: { type: 'integer' },
        },
      },
    },
    headers: {
      RequestId: { description: "API Gateway's request id (or the local server's).", schema: { type: 'string' } },
      Allow: {
        description: 'The methods the path allows, e.g. `POST` or `GET, HEAD`.',
        schema: { type: 'string' },
      },
      WwwAuthenticate: { description: 'The scheme to authenticate with: `Bearer`.', schema: { type: 'string' } },
      RetryAfter: {
        description: 'Seconds to wait before sending the request again.',
        schema: { type: 'string', pattern: '^\\d+$' },
      },
    },
    parameters: {
      IdempotencyKey: {
        name: 'Idempotency-Key',
        in: 'header',
        required: false,
        schema: { type: 'string' },
        description: 'A retried delivery with the same key does not run the import again.',
      },
      WebhookId: {
        name: 'webhook-id',
        in: 'header',
        required: false,
        schema: { type: 'string' },
        description: 'Standard Webhooks message id; also the idempotency key.',
      },
    },
    securitySchemes: {
      apiKey: {
        type: 'apiKey',
        in: 'header',
        name: 'x-api-key',
        description: "One of the secret's `inbound.apiKeys`.",
      },
      bearer: { type: 'http', scheme: 'bearer', description: 'The same API key as `Authorization: Bearer KEY`.' },
      standardWebhooks: {
        type: 'apiKey',
        in: 'header',
        name: 'webhook-signature',
        description:
          'Standard Webhooks: `webhook-id`, `webhook-timestamp` and `webhook-signature: v1,<base64>` signed with `inbound.standardWebhooksSecret`.',
      },
      hubSignature: {
        type: 'apiKey',
        in: 'header',
        name: 'x-hub-signature-256',
        description: '`sha256=<hex>` HMAC of the raw body with `inbound.hmacSha256Secret`.',
      },
    },
  },
} as const;

/**
 * The document as served from `serverUrl` (see `serverUrlOf`): its `servers` names that URL,
 * stage included, so that a client generated from it calls the API where it is.
 */
const openApiDocumentServedAt = (serverUrl: string) => {
  const { openapi, info, ...rest } = openApiDocument;
  return { openapi, info, servers: [{ url: serverUrl }], ...rest };
};

export { openApiDocument, openApiDocumentServedAt };
