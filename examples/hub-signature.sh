#!/usr/bin/env bash
# Runs an import job as a GitHub-style sender does: `x-hub-signature-256: sha256=<hex>`, an
# HMAC-SHA256 of the raw body under the shared secret (used as it is, not base64-decoded).
# GitHub itself posts its own event body: point it at
# $URL/contact-lists/{contactListId}/imports/{importJobId}/run?customEvents=... instead.
#
#   URL=http://localhost:3000 HUB_SECRET=... bash examples/hub-signature.sh
#
# URL              the adapter (default http://localhost:3000;
#                  deployed: https://API_ID.execute-api.REGION.amazonaws.com/v1)
# HUB_SECRET       the secret's inbound.hmacSha256Secret (default: the one in examples/secret.sample.json, also npm start's)
# CONTACT_LIST_ID  default 1
# IMPORT_JOB_ID    default 2
# CUSTOM_EVENTS    comma-separated names, sent as one JSON string, so no " or \ in them
#                  (default SendWelcomeEmail)
# IDEMPOTENCY_KEY  optional: such senders carry no timestamp, so give a key where the sender can
#
# The answer's body (the ImportJob, or a problem) goes to stdout, its status line and headers to
# stderr; the exit status is 1 when the answer is an error (4xx or 5xx).
set -euo pipefail

URL="${URL:-http://localhost:3000}"
HUB_SECRET="${HUB_SECRET:-local-demo-hub-secret}"
CONTACT_LIST_ID="${CONTACT_LIST_ID:-1}"
IMPORT_JOB_ID="${IMPORT_JOB_ID:-2}"
CUSTOM_EVENTS="${CUSTOM_EVENTS:-SendWelcomeEmail}"

BODY="$(printf '{"contactListId":%s,"importJobId":%s,"customEvents":"%s"}' \
  "$CONTACT_LIST_ID" "$IMPORT_JOB_ID" "$CUSTOM_EVENTS")"
SIGNATURE="$(printf '%s' "$BODY" | openssl dgst -sha256 -hmac "$HUB_SECRET" -r | cut -d' ' -f1)"

# The request's headers, gathered in "$@" (a list that works in every bash, old ones included).
set -- -H 'content-type: application/json' -H "x-hub-signature-256: sha256=$SIGNATURE"
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
