#!/usr/bin/env bash
# Runs an import job the way "Webhooks by Zapier" (POST, Payload Type "form") sends it: a form body
# and an API key header. Tools that can only send `Authorization: Bearer KEY` work the same way.
#
#   URL=http://localhost:3000 API_KEY=local-demo-api-key bash examples/api-key-form.sh
#
# URL              the adapter (default http://localhost:3000;
#                  deployed: https://API_ID.execute-api.REGION.amazonaws.com/v1)
# API_KEY          one of the secret's inbound.apiKeys (default: the one in examples/secret.sample.json, also npm start's)
# CONTACT_LIST_ID  default 1
# IMPORT_JOB_ID    default 2
# CUSTOM_EVENTS    comma-separated names, as one form field (default "SendWelcomeEmail,Send Invite")
# IDEMPOTENCY_KEY  optional: in a Zap, map it to the triggering item's id so Zapier's retries run once
#
# The answer's body (the ImportJob, or a problem) goes to stdout, its status line and headers to
# stderr; the exit status is 1 when the answer is an error (4xx or 5xx).
set -euo pipefail

URL="${URL:-http://localhost:3000}"
API_KEY="${API_KEY:-local-demo-api-key}"
CONTACT_LIST_ID="${CONTACT_LIST_ID:-1}"
IMPORT_JOB_ID="${IMPORT_JOB_ID:-2}"
CUSTOM_EVENTS="${CUSTOM_EVENTS:-SendWelcomeEmail,Send Invite}"

# The request's headers, gathered in "$@" (a list that works in every bash, old ones included).
set -- -H "x-api-key: $API_KEY"
if [ -n "${IDEMPOTENCY_KEY:-}" ]; then set -- "$@" -H "Idempotency-Key: $IDEMPOTENCY_KEY"; fi

# --data-urlencode sends Content-Type: application/x-www-form-urlencoded, as Zapier does.
# The answer is kept apart (headers, body) so that stdout carries the body alone.
ANSWER="$(mktemp -d)"
trap 'rm -rf "$ANSWER"' EXIT
STATUS="$(curl -sS -D "$ANSWER/headers" -o "$ANSWER/body" -w '%{http_code}' \
  -X POST "$URL/imports/run" "$@" \
  --data-urlencode "contactListId=$CONTACT_LIST_ID" \
  --data-urlencode "importJobId=$IMPORT_JOB_ID" \
  --data-urlencode "customEvents=$CUSTOM_EVENTS")"
cat "$ANSWER/headers" >&2
cat "$ANSWER/body"
echo
[ "$STATUS" -lt 400 ]
