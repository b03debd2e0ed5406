import { createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { HTTPModuleFunctions } from "@slack/bolt";

/** Slack refuses a signed request older than this; so do we, and we remember each one this long. */
const SIGNATURE_WINDOW_S = 5 * 60;
/** Largest request body read before the signature is checked (Bolt's own default is 4 MB). */
const MAX_SLACK_BODY_BYTES = 1024 * 1024;

/** What a request to /slack/events turned out to be. */
export type SlackRequestVerdict =
  /** Correctly signed within the window: `key` (fixed size) names it for the replay guard until `expiresAt`. */
  | { kind: "signed"; key: string; expiresAt: number }
  /** Slack's unsigned SSL check: Bolt answers it. */
  | { kind: "ssl_check" }
  | { kind: "refused"; status: 401 | 413; reason: string };

const SIGNATURE = /^v0=([0-9a-f]{64})$/;

/**
 * Reads a request's body and checks Slack's signature (HMAC-SHA256 of `v0:<timestamp>:<body>` with
 * the signing secret) and its timestamp, before anything about the request is kept. The body is left
 * on the request (`rawBody`) where Bolt's receiver takes it instead of reading the stream again.
 * A header of the wrong shape (say, an 8 KB "signature") is refused before any hashing.
 */
export async function verifySlackRequest(req: IncomingMessage, signingSecret: string, nowMs: number): Promise<SlackRequestVerdict> {
  let body: Buffer;
  try {
    body = (await HTTPModuleFunctions.bufferIncomingMessage(req, MAX_SLACK_BODY_BYTES)).rawBody;
  } catch {
    return { kind: "refused", status: 413, reason: "body too large or unreadable" };
  }
  if (req.headers["content-type"] === "application/x-www-form-urlencoded" && /^ssl_check=1(&|$)/.test(body.toString("latin1", 0, 32)))
    return { kind: "ssl_check" };
  const signature = req.headers["x-slack-signature"];
  const timestamp = req.headers["x-slack-request-timestamp"];
  const hash = typeof signature === "string" ? SIGNATURE.exec(signature)?.[1] : undefined;
  if (!hash || typeof timestamp !== "string" || !/^\d{1,12}$/.test(timestamp))
    return { kind: "refused", status: 401, reason: "missing or malformed signature headers" };
  const seconds = Number(timestamp);
  if (Math.abs(nowMs / 1000 - seconds) > SIGNATURE_WINDOW_S) return { kind: "refused", status: 401, reason: "timestamp outside the 5-minute window" };
  const expected = createHmac("sha256", signingSecret).update(`v0:${timestamp}:`).update(body).digest();
  if (!timingSafeEqual(expected, Buffer.from(hash, "hex"))) return { kind: "refused", status: 401, reason: "signature mismatch" };
  return { kind: "signed", key: `slack:${hash}`, expiresAt: (seconds + SIGNATURE_WINDOW_S + 60) * 1000 };
}
