#!/usr/bin/env bash
# Runs an import job as a Standard Webhooks sender does (https://www.standardwebhooks.com/): the
# body signed with HMAC-SHA256 over "<webhook-id>.<webhook-timestamp>.<body>", computed by openssl.
#
#   URL=http://localhost:3000 WEBHOOK_SECRET=whsec_... bash examples/standard-webhooks.sh
#
# URL              the adapter (default http://localhost:3000;
#                  deployed: https://API_ID.execute-api.REGION.amazonaws.com/v1)
# WEBHOOK_SECRET   the secret's inbound.standardWebhooksSecret
#                  (default: the one in examples/secret.sample.json, also npm start's)
# WEBHOOK_ID       the message id (default: a new random one). Send the same id again and the answer
#                  is the first one, with `idempotent-replayed: true`, and nothing runs twice.
# CONTACT_LIST_ID  default 1
# IMPORT_JOB_ID    default 2
# CUSTOM_EVENTS    comma-separated names, sent as one JSON string, so no " or \ in them
#                  (default SendWelcomeEmail)
#
# The answer's body (the ImportJob, or a problem) goes to stdout, its status line and headers to
# stderr; the exit status is 1 when the answer is an error (4xx or 5xx).
set -euo pipefail

URL="${URL:-http://localhost:3000}"
WEBHOOK_SECRET="${WEBHOOK_SECRET:-whsec_bG9jYWwtZGVtby1zdGFuZGFyZC13ZWJob29rcy1rZXk=}"
WEBHOOK_ID="${WEBHOOK_ID:-msg_$(openssl rand -hex 12)}"
CONTACT_LIST_ID="${CONTACT_LIST_ID:-1}"
IMPORT_JOB_ID="${IMPORT_JOB_ID:-2}"
CUSTOM_EVENTS="${CUSTOM_EVENTS:-SendWelcomeEmail}"

BODY="$(printf '{"contactListId":%s,"importJobId":%s,"customEvents":"%s"}' \
  "$CONTACT_LIST_ID" "$IMPORT_JOB_ID" "$CUSTOM_EVENTS")"
TIMESTAMP="$(date +%s)"

# The signing key is the bytes the base64 after "whsec_" stands for, handed to openssl in hex.
KEY_HEX="$(printf '%s' "${WEBHOOK_SECRET#whsec_}" | openssl base64 -d -A | od -An -v -tx1 | tr -d ' \n')"
SIGNATURE="$(printf '%s' "$WEBHOOK_ID.$TIMESTAMP.$BODY" \
  | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$KEY_HEX" -binary | openssl base64 -A)"

echo "webhook-id: $WEBHOOK_ID (send it again with WEBHOOK_ID=$WEBHOOK_ID to see the replay)" >&2
# The answer is kept apart (headers, body) so that stdout carries the body alone.
ANSWER="$(mktemp -d)"
trap 'rm -rf "$ANSWER"' EXIT
STATUS="$(curl -sS -D "$ANSWER/headers" -o "$ANSWER/body" -w '%{http_code}' \
  -X POST "$URL/imports/run" \
  -H 'content-type: application/json' \
  -H "webhook-id: $WEBHOOK_ID" \
  -H "webhook-timestamp: $TIMESTAMP" \
  -H "webhook-signature: v1,$SIGNATURE" \
  --data-binary "$BODY")"
cat "$ANSWER/headers" >&2
cat "$ANSWER/body"
echo
[ "$STATUS" -lt 400 ]
