import { generateKeyPairSync, sign } from "node:crypto";
import { describe, expect, it } from "vitest";
import { discordPublicKey, verifyDiscordRequest } from "../../../../adapters/discord/signed-request.js";

const { publicKey, privateKey } = generateKeyPairSync("ed25519");
const hex = Buffer.from((publicKey.export({ format: "jwk" }) as { x: string }).x, "base64url").toString("hex");
const key = discordPublicKey(hex);
const NOW = 1_780_000_000_000;
const ts = (offsetS = 0) => String(NOW / 1000 + offsetS);
const signed = (body: string, timestamp = ts()) => ({
  "x-signature-ed25519": sign(null, Buffer.from(timestamp + body), privateKey).toString("hex"),
  "x-signature-timestamp": timestamp,
});

describe("verifyDiscordRequest (Ed25519 over timestamp + body, as Discord documents)", () => {
  const body = '{"type":1}';

  it("accepts a correct signature and names it by the signature for the replay guard", () => {
    const headers = signed(body);
    const verdict = verifyDiscordRequest(headers, Buffer.from(body), key, NOW);
    expect(verdict).toMatchObject({ kind: "signed", key: `discord:${headers["x-signature-ed25519"]}` });
    expect(verdict.kind === "signed" && verdict.expiresAt).toBe(NOW + 6 * 60_000);
  });

  it("refuses missing or malformed headers before verifying anything", () => {
    expect(verifyDiscordRequest({}, Buffer.from(body), key, NOW)).toMatchObject({
      kind: "refused",
      status: 401,
      reason: "missing or malformed signature headers",
    });
    expect(verifyDiscordRequest({ ...signed(body), "x-signature-ed25519": "a".repeat(8192) }, Buffer.from(body), key, NOW)).toMatchObject({
      status: 401,
      reason: "missing or malformed signature headers",
    });
    expect(verifyDiscordRequest({ ...signed(body), "x-signature-timestamp": "soon" }, Buffer.from(body), key, NOW)).toMatchObject({
      status: 401,
      reason: "missing or malformed signature headers",
    });
  });

  it("refuses a changed body, a changed timestamp and another key's signature", () => {
    expect(verifyDiscordRequest(signed(body), Buffer.from('{"type":2}'), key, NOW)).toMatchObject({ status: 401, reason: "signature mismatch" });
    expect(verifyDiscordRequest({ ...signed(body), "x-signature-timestamp": ts(1) }, Buffer.from(body), key, NOW)).toMatchObject({
      status: 401,
      reason: "signature mismatch",
    });
    const other = generateKeyPairSync("ed25519").privateKey;
    const forged = { "x-signature-ed25519": sign(null, Buffer.from(ts() + body), other).toString("hex"), "x-signature-timestamp": ts() };
    expect(verifyDiscordRequest(forged, Buffer.from(body), key, NOW)).toMatchObject({ status: 401, reason: "signature mismatch" });
  });

  it("refuses a timestamp more than five minutes away, either way, even correctly signed", () => {
    expect(verifyDiscordRequest(signed(body, ts(-301)), Buffer.from(body), key, NOW)).toMatchObject({
      status: 401,
      reason: "timestamp outside the 5-minute window",
    });
    expect(verifyDiscordRequest(signed(body, ts(301)), Buffer.from(body), key, NOW)).toMatchObject({
      status: 401,
      reason: "timestamp outside the 5-minute window",
    });
    expect(verifyDiscordRequest(signed(body, ts(-299)), Buffer.from(body), key, NOW).kind).toBe("signed");
  });

  it("takes the public key as the Developer Portal shows it (64 hex digits), and nothing else", () => {
    expect(() => discordPublicKey("abc")).toThrow(/64 hexadecimal digits/);
    expect(discordPublicKey(hex.toUpperCase()).asymmetricKeyType).toBe("ed25519");
  });
});
