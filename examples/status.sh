#!/usr/bin/env bash
# Reads an import job's status, normalized (GET: nothing is run, safe to repeat).
#
#   URL=http://localhost:3000 API_KEY=local-demo-api-key bash examples/status.sh
#
# URL              the adapter (default http://localhost:3000;
#                  deployed: https://API_ID.execute-api.REGION.amazonaws.com/v1)
# API_KEY          one of the secret's inbound.apiKeys (default: the one in examples/secret.sample.json, also npm start's)
# CONTACT_LIST_ID  default 1
# IMPORT_JOB_ID    default 2
#
# The answer's body (the ImportJob, or a problem) goes to stdout, its status line and headers to
# stderr; the exit status is 1 when the answer is an error (4xx or 5xx).
set -euo pipefail

URL="${URL:-http://localhost:3000}"
API_KEY="${API_KEY:-local-demo-api-key}"
CONTACT_LIST_ID="${CONTACT_LIST_ID:-1}"
IMPORT_JOB_ID="${IMPORT_JOB_ID:-2}"

# The answer is kept apart (headers, body) so that stdout carries the body alone.
ANSWER="$(mktemp -d)"
trap 'rm -rf "$ANSWER"' EXIT
STATUS="$(curl -sS -D "$ANSWER/headers" -o "$ANSWER/body" -w '%{http_code}' \
  "$URL/contact-lists/$CONTACT_LIST_ID/imports/$IMPORT_JOB_ID" \
  -H "x-api-key: $API_KEY")"
cat "$ANSWER/headers" >&2
cat "$ANSWER/body"
echo
[ "$STATUS" -lt 400 ]
