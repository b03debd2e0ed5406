"""The pipeline loop with the Pairwise API: create a campaign, push a batch, wait for
batch.completed (a signed webhook), fetch the TRL export. Needs only `requests`.

    PAIRWISE=http://127.0.0.1:8088 PAIRWISE_TOKEN=pw_... python3 pipeline.py items.jsonl
"""
import hashlib
import hmac
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

import requests

API = os.environ.get("PAIRWISE", "http://127.0.0.1:8088")
HEADERS = {"Authorization": f"Bearer {os.environ['PAIRWISE_TOKEN']}"}
# Where this script listens for webhooks; the bot must be able to reach it.
HOOK_HOST, HOOK_PORT = "127.0.0.1", int(os.environ.get("HOOK_PORT", "8099"))
CAMPAIGN = os.environ.get("CAMPAIGN", "loop-r1")

CAMPAIGN_FILE = f"""
name: {CAMPAIGN}
status: active
guidelines: Pick the response that answers the request more helpfully and accurately.
overlap: 1
goldRate: 0                # a small trial: no gold checks,
qualificationGate: false   # and no calibration before the first item
"""


def verify(secret: str, header: str, body: bytes, tolerance: int = 300) -> bool:
    """Checks Pairwise-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">."""
    parts = dict(p.split("=", 1) for p in header.split(","))
    expected = hmac.new(secret.encode(), f"{parts['t']}.".encode() + body, hashlib.sha256).hexdigest()
    return abs(time.time() - int(parts["t"])) <= tolerance and hmac.compare_digest(expected, parts["v1"])


completed = {}  # batch id -> event
arrived = threading.Condition()
secret = None


class Receiver(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if not verify(secret, self.headers.get("Pairwise-Signature", ""), body):
            self.send_response(401)
            self.end_headers()
            return
        event = json.loads(body)
        with arrived:
            if event["type"] == "batch.completed":
                completed[event["data"]["batch_id"]] = event
            arrived.notify_all()
        self.send_response(204)  # any 2xx; anything else is retried with backoff
        self.end_headers()

    def log_message(self, *args):
        pass


def main(items_path: str) -> None:
    global secret
    # 1. The campaign (the same file format as `pairwise campaign create`, YAML or JSON).
    r = requests.post(f"{API}/campaigns", data=CAMPAIGN_FILE, headers={**HEADERS, "Content-Type": "application/yaml"})
    if r.status_code != 409:  # 409: it exists already (a rerun)
        r.raise_for_status()

    # 2. A webhook for batch.completed; the secret is shown once.
    server = HTTPServer((HOOK_HOST, HOOK_PORT), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    r = requests.post(f"{API}/campaigns/{CAMPAIGN}/webhooks", json={"url": f"http://{HOOK_HOST}:{HOOK_PORT}/", "events": ["batch.completed"]}, headers=HEADERS)
    r.raise_for_status()
    secret = r.json()["secret"]

    # 3. The batch, streamed as JSON Lines. A row's "id" makes a retried POST create nothing twice.
    with open(items_path, "rb") as f:
        r = requests.post(f"{API}/campaigns/{CAMPAIGN}/items", data=f, headers={**HEADERS, "Content-Type": "application/x-ndjson"})
    if r.status_code == 422:
        sys.exit(f"batch refused, nothing written: {r.json()['error']['message']}")
    r.raise_for_status()
    batch = r.json()["batch"]["id"]
    print(f"batch {batch}: {r.json()['batch']['items']} items; waiting for the annotators")

    # 4. Wait for batch.completed (delivered at least once, signed).
    with arrived:
        arrived.wait_for(lambda: batch in completed)
    print(f"batch {batch} completed (event {completed[batch]['id']})")

    # 5. The TRL export, streamed; it is kept as a snapshot with a content hash.
    with requests.get(f"{API}/campaigns/{CAMPAIGN}/export", params={"format": "trl"}, headers=HEADERS, stream=True) as r:
        if r.status_code == 422:  # nothing to export: the message says what was left out and why
            sys.exit(r.json()["error"]["message"])
        r.raise_for_status()
        digest = hashlib.sha256()
        with open("train.jsonl", "wb") as out:
            for chunk in r.iter_content(1 << 16):
                out.write(chunk)
                digest.update(chunk)
    assert digest.hexdigest() == r.headers["Pairwise-Content-SHA256"]
    print(f"train.jsonl = snapshot {r.headers['Pairwise-Snapshot-Id']} (sha256 {digest.hexdigest()[:12]}…)")
    server.shutdown()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "items.jsonl")
