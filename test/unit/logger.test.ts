import { describe, expect, it } from "vitest";
import { createLogger } from "../../src/logger.js";

function capture() {
  const lines: string[] = [];
  return { lines, destination: { write: (line: string) => void lines.push(line) } };
}

describe("logger", () => {
  it("never writes a configured secret, wherever it hides", () => {
    const { lines, destination } = capture();
    const secret = "8f14e45fceea167a5a36dedd4bea2543";
    const logger = createLogger({ secrets: [secret, "MTIzNDU2Nzg5.discord.token"], destination });
    logger.error({ err: new Error(`request failed with signing secret ${secret}`) }, "boom");
    logger.info({ headers: { authorization: "Bot MTIzNDU2Nzg5.discord.token" }, url: `https://x/?s=${secret}` }, `token MTIzNDU2Nzg5.discord.token`);
    logger.warn({ botToken: "xoxb-123-456-abcdefghijkl", nested: { token: "anything" } }, "tokens by key");
    const all = lines.join("\n");
    expect(all).not.toContain(secret);
    expect(all).not.toContain("MTIzNDU2Nzg5.discord.token");
    expect(all).not.toContain("xoxb-123-456-abcdefghijkl");
    expect(all).not.toContain("anything");
    expect(all).toContain("[redacted]");
    expect(lines).toHaveLength(3);
  });

  it("scrubs Slack-shaped tokens it was never told about", () => {
    const { lines, destination } = capture();
    createLogger({ destination }).info({ body: "token=xoxb-9999-8888-zzzzzzzzzzzz&x=xapp-1-A0-123-abcdef123456" }, "payload");
    expect(lines.join("")).not.toMatch(/xoxb-9999|xapp-1-A0/);
  });

  it("scrubs the credentials that travel in URLs and payloads, and logs errors without their requests", () => {
    const { lines, destination } = capture();
    const logger = createLogger({ destination });
    const failed = Object.assign(new Error("Unknown Webhook"), {
      status: 404,
      method: "PATCH",
      url: "https://discord.com/api/v10/webhooks/1100/aW50ZXJhY3Rpb246MTEwMDpzZWNyZXR0b2tlbg/messages/@original?wait=true",
      requestBody: { json: { content: "the gold answer is A" } },
      config: { data: "payload=secret-body" },
    });
    logger.error({ err: failed }, "edit failed");
    logger.warn(
      { body: '{"response_url":"https://hooks.slack.com/actions/T1/123/abcXYZ"}' },
      "at https://hooks.slack.com/commands/T1/456/defUVW and /interactions/99/dG9rZW4tdG9rZW4tdG9rZW4/callback",
    );
    const all = lines.join("");
    for (const leak of ["aW50ZXJhY3Rpb246MTEwMDpzZWNyZXR0b2tlbg", "the gold answer", "secret-body", "abcXYZ", "defUVW", "dG9rZW4tdG9rZW4tdG9rZW4", "wait=true"])
      expect(all).not.toContain(leak);
    expect(all).toContain('"status":404');
    expect(all).toContain("/webhooks/1100/[redacted]/messages/@original");
  });

  it("redacts an API key logged by its field name", () => {
    const { lines, destination } = capture();
    createLogger({ destination }).warn({ judge: { url: "http://127.0.0.1:8000/v1", apiKey: "sk-abcdefghijkl" } }, "judge config");
    expect(lines.join("")).not.toContain("sk-abcdefghijkl");
  });
});
