#!/usr/bin/env bash
# Runs an import job with an API key and a JSON body, as most scripts and integrations send it.
#
#   URL=http://localhost:3000 API_KEY=local-demo-api-key bash examples/api-key-json.sh
#
# URL              the adapter (default http://localhost:3000;
#                  deployed: https://API_ID.execute-api.REGION.amazonaws.com/v1)
# API_KEY          one of the secret's inbound.apiKeys (default: the one in examples/secret.sample.json, also npm start's)
# CONTACT_LIST_ID  default 1
# IMPORT_JOB_ID    default 2
# CUSTOM_EVENTS    comma-separated names, sent as one JSON string, so no " or \ in them
#                  (default SendWelcomeEmail)
# IDEMPOTENCY_KEY  optional: a repeat with the same key gets the first answer, without a second run
#
# The answer's body (the ImportJob, or a problem) goes to stdout, its status line and headers to
# stderr; the exit status is 1 when the answer is an error (4xx or 5xx).
set -euo pipefail

URL="${URL:-http://localhost:3000}"
API_KEY="${API_KEY:-local-demo-api-key}"
CONTACT_LIST_ID="${CONTACT_LIST_ID:-1}"
IMPORT_JOB_ID="${IMPORT_JOB_ID:-2}"
CUSTOM_EVENTS="${CUSTOM_EVENTS:-SendWelcomeEmail}"

BODY="$(printf '{"contactListId":%s,"importJobId":%s,"customEvents":"%s"}' \
  "$CONTACT_LIST_ID" "$IMPORT_JOB_ID" "$CUSTOM_EVENTS")"

# The request's headers, gathered in "$@" (a list that works in every bash, old ones included).
set -- -H "x-api-key: $API_KEY" -H 'content-type: application/json'
if [ -n "${IDEMPOTENCY_KEY:-}" ]; then set -- "$@" -H "Idempotency-Key: $IDEMPOTENCY_KEY"; fi

# The answer is kept apart (headers, body) so that stdout carries the body alone.
ANSWER="$(mktemp -d)"
trap 'rm -rf "$ANSWER"' EXIT
STATUS="$(curl -sS -D "$ANSWER/headers" -o "$ANSWER/body" -w '%{http_code}' \
  -X POST "$URL/imports/run" "$@" --data-binary "$BODY")"
cat "$ANSWER/headers" >&2
cat "$ANSWER/body"
echo
[ "$STATUS" -lt 400 ]
