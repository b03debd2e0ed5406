#!/bin/sh
# The pipeline loop with curl: create a campaign, push a batch, wait until it is labeled, fetch the
# TRL export.   PAIRWISE=http://127.0.0.1:8088 PAIRWISE_TOKEN=pw_... sh pipeline.sh items.jsonl
set -eu
API=${PAIRWISE:-http://127.0.0.1:8088}
AUTH="Authorization: Bearer $PAIRWISE_TOKEN"
CAMPAIGN=${CAMPAIGN:-loop-r1}

# 1. The campaign, from the same file format as `pairwise campaign create` (YAML or JSON).
curl -s -o /dev/null -X POST "$API/campaigns" -H "$AUTH" -H 'Content-Type: application/yaml' --data-binary @- <<YAML
name: $CAMPAIGN
status: active
guidelines: Pick the response that answers the request more helpfully and accurately.
overlap: 1
goldRate: 0
qualificationGate: false
YAML

# 2. The batch, streamed as JSON Lines (all or nothing; a 422 names the bad line and field).
BATCH=$(curl -sf -X POST "$API/campaigns/$CAMPAIGN/items" -H "$AUTH" -H 'Content-Type: application/x-ndjson' \
  --data-binary @"${1:-items.jsonl}" | grep -o '"id":[0-9]*' | head -n 1 | cut -d: -f2)
echo "batch $BATCH posted; waiting for the annotators"

# 3. Wait until it is labeled: completed_at is set when batch.completed goes to the webhooks.
until curl -sf "$API/batches/$BATCH" -H "$AUTH" | grep -q '"completed_at":"'; do sleep 5; done

# 4. The TRL export; the headers carry its snapshot id and SHA-256.
curl -sf "$API/campaigns/$CAMPAIGN/export?format=trl" -H "$AUTH" -D export-headers.txt -o train.jsonl
grep -i '^pairwise-' export-headers.txt
