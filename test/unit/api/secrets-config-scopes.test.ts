import { describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config.js";
import { ALL_SCOPES, allows, parseScopes } from "../../../src/domain/api-scopes.js";
import { createLogger } from "../../../src/logger.js";
import { backoffDelay, DEFAULT_DELIVERY_POLICY } from "../../../src/services/webhooks/delivery-worker.js";
import { signatureHeader, verifySignature } from "../../../src/services/webhooks/sign.js";

describe("API scopes", () => {
  it("parse comma lists, bare resources and all; refuse unknown names with the list", () => {
    expect(parseScopes("items:write, judgments:read")).toEqual(["items:write", "judgments:read"]);
    expect(parseScopes("exports")).toEqual(["exports:read", "exports:write"]);
    expect(parseScopes("all")).toEqual([...ALL_SCOPES]);
    expect(() => parseScopes("item:write")).toThrow(/Unknown scope "item:write".*campaigns:read/);
    expect(() => parseScopes("items:delete")).toThrow(/Unknown scope/);
    expect(() => parseScopes(" , ")).toThrow(/empty/);
    expect(allows(["items:write"], "items:read")).toBe(true);
    expect(allows(["items:read"], "items:write")).toBe(false);
  });
});

describe("PAIRWISE_API_PORT", () => {
  it("is off unless set, and refuses a bad port or one another server has", () => {
    expect(loadConfig({}).api).toBeUndefined();
    expect(loadConfig({ PAIRWISE_API_PORT: "8088" }).api).toEqual({ port: 8088 });
    expect(loadConfig({ PAIRWISE_API_PORT: "8088", PAIRWISE_API_HOST: "127.0.0.1" }).api).toEqual({ port: 8088, host: "127.0.0.1" });
    expect(() => loadConfig({ PAIRWISE_API_PORT: "http" })).toThrow(/PAIRWISE_API_PORT.*port number such as 8088/);
    expect(() => loadConfig({ PAIRWISE_API_PORT: "70000" })).toThrow(/PAIRWISE_API_PORT/);
    expect(() => loadConfig({ PAIRWISE_API_PORT: "8080", PAIRWISE_HEALTH_PORT: "8080" })).toThrow(/already taken by PAIRWISE_HEALTH_PORT/);
    expect(() => loadConfig({ PAIRWISE_API_PORT: "3000", SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "s" })).toThrow(/SLACK_PORT/);
    expect(() => loadConfig({ PAIRWISE_API_HOST: "127.0.0.1" })).toThrow(/PAIRWISE_API_PORT is required/);
  });
});

describe("API secrets in logs", () => {
  it("scrubs pipeline tokens and webhook secrets from every line", () => {
    const lines: string[] = [];
    const logger = createLogger({ destination: { write: (l: string) => void lines.push(l) } });
    logger.warn({ header: "Bearer pw_Abcdefghijklmnopqrstuvwxyz012345", secret: "anything" }, "refused pw_Abcdefghijklmnopqrstuvwxyz012345");
    logger.info({ note: "whsec_0123456789abcdefghijABCDEFGH" }, "signing");
    const all = lines.join("");
    expect(all).not.toContain("pw_Abcdefghijklmnopqrstuvwxyz012345");
    expect(all).not.toContain("whsec_0123456789abcdefghij");
    expect(all).not.toContain("anything");
  });
});

describe("webhook signatures and backoff", () => {
  it("sign `${t}.${body}` with HMAC-SHA256 and refuse a changed body, a wrong secret or an old timestamp", () => {
    const now = 1_800_000_000;
    const header = signatureHeader("whsec_k", now, '{"a":1}');
    expect(header).toMatch(/^t=1800000000,v1=[0-9a-f]{64}$/);
    expect(verifySignature("whsec_k", header, '{"a":1}', { nowSeconds: now })).toBe(true);
    expect(verifySignature("whsec_k", header, '{"a":2}', { nowSeconds: now })).toBe(false);
    expect(verifySignature("whsec_j", header, '{"a":1}', { nowSeconds: now })).toBe(false);
    expect(verifySignature("whsec_k", header, '{"a":1}', { nowSeconds: now + 301 })).toBe(false);
  });

  it("back off exponentially with jitter, capped", () => {
    const p = DEFAULT_DELIVERY_POLICY;
    expect(backoffDelay(p, 1, () => 0)).toBe(500);
    expect(backoffDelay(p, 1, () => 1)).toBe(1000);
    expect(backoffDelay(p, 4, () => 1)).toBe(8000);
    expect(backoffDelay(p, 30, () => 1)).toBe(p.maxDelayMs);
    expect(backoffDelay(p, 30, () => 0)).toBe(p.maxDelayMs / 2);
  });
});
