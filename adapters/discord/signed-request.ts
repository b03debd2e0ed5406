import { createPublicKey, verify, type KeyObject } from "node:crypto";
import type { IncomingMessage } from "node:http";

/**
 * How far a request's `X-Signature-Timestamp` may be from our clock. Discord does not name a
 * window; five minutes, as Slack's, refuses a captured request replayed later, and each signature
 * is remembered this long (plus a minute of clock skew) to refuse a replay within it.
 */
const DISCORD_SIGNATURE_WINDOW_S = 5 * 60;
/** Largest interaction body read before the signature is checked. */
export const MAX_DISCORD_BODY_BYTES = 1024 * 1024;

/** What a POST to the Interactions Endpoint turned out to be. */
export type DiscordRequestVerdict =
  /** Correctly signed within the window: `key` (fixed size) names it for the replay guard until `expiresAt`. */
  { kind: "signed"; body: Buffer; key: string; expiresAt: number } | { kind: "refused"; status: 401 | 413; reason: string };

/** The SubjectPublicKeyInfo prefix of a raw 32-byte Ed25519 key (RFC 8410). */
const ED25519_SPKI_PREFIX = Buffer.from("302a300506032b6570032100", "hex");

/** The application's public key (Developer Portal → General Information → Public Key, 64 hex digits) as a key object. */
export function discordPublicKey(hex: string): KeyObject {
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new Error("a Discord public key is 64 hexadecimal digits");
  return createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(hex, "hex")]), format: "der", type: "spki" });
}

/** Reads at most `max` bytes of a request body; undefined when it is longer or the stream fails. */
export async function readBody(req: IncomingMessage, max: number): Promise<Buffer | undefined> {
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > max) return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > max) return undefined;
      chunks.push(chunk);
    }
  } catch {
    return undefined;
  }
  return Buffer.concat(chunks);
}

const SIGNATURE = /^[0-9a-fA-F]{128}$/;

/**
 * Checks a request as Discord documents it
 * (docs.discord.com/developers/interactions/overview#setting-up-an-endpoint-validating-security-request-headers):
 * `X-Signature-Ed25519` is the Ed25519 signature, by the application's key, of the
 * `X-Signature-Timestamp` header followed by the raw body. Headers of the wrong shape are refused
 * before any verification, a timestamp outside the window before the signature is checked, and
 * nothing in the body is read until the signature holds.
 */
export function verifyDiscordRequest(headers: IncomingMessage["headers"], body: Buffer, publicKey: KeyObject, nowMs: number): DiscordRequestVerdict {
  const signature = headers["x-signature-ed25519"];
  const timestamp = headers["x-signature-timestamp"];
  if (typeof signature !== "string" || !SIGNATURE.test(signature) || typeof timestamp !== "string" || !/^\d{1,12}$/.test(timestamp)) {
    return { kind: "refused", status: 401, reason: "missing or malformed signature headers" };
  }
  const seconds = Number(timestamp);
  if (Math.abs(nowMs / 1000 - seconds) > DISCORD_SIGNATURE_WINDOW_S) return { kind: "refused", status: 401, reason: "timestamp outside the 5-minute window" };
  let valid = false;
  try {
    valid = verify(null, Buffer.concat([Buffer.from(timestamp, "utf8"), body]), publicKey, Buffer.from(signature, "hex"));
  } catch {
    valid = false;
  }
  if (!valid) return { kind: "refused", status: 401, reason: "signature mismatch" };
  return { kind: "signed", body, key: `discord:${signature.toLowerCase()}`, expiresAt: (seconds + DISCORD_SIGNATURE_WINDOW_S + 60) * 1000 };
}
