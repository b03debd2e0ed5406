import { describe, expect, it } from "vitest";
import { loadConfig, secretsOf } from "../../src/config.js";

describe("loadConfig", () => {
  it("defaults to the terminal playground with no credentials", () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ databasePath: "./data/pairwise.db", timezone: "UTC", logLevel: "info", leads: [] });
    expect(c.slack).toBeUndefined();
    expect(c.discord).toBeUndefined();
  });

  it("treats empty variables as unset", () => {
    expect(loadConfig({ SLACK_BOT_TOKEN: "", DISCORD_BOT_TOKEN: " " }).slack).toBeUndefined();
  });

  it("names the missing half of a platform's credentials and how to get it", () => {
    expect(() => loadConfig({ SLACK_BOT_TOKEN: "xoxb-1" })).toThrow(/SLACK_SIGNING_SECRET is required in HTTP mode .*Signing Secret.*SLACK_APP_TOKEN/);
    expect(() => loadConfig({ DISCORD_BOT_TOKEN: "abc" })).toThrow(/DISCORD_APPLICATION_ID is required/);
    expect(() => loadConfig({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "s", SLACK_APP_TOKEN: "xoxb-wrong" })).toThrow(
      /must be an app-level token starting with xapp-/,
    );
  });

  it("starts Socket Mode without a signing secret, which only the HTTP receiver needs", () => {
    const c = loadConfig({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_APP_TOKEN: "xapp-1-A-2-x" });
    expect(c.slack).toEqual({ botToken: "xoxb-1", appToken: "xapp-1-A-2-x", port: 3000 });
    expect(loadConfig({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "s" }).slack).toMatchObject({ signingSecret: "s" });
  });

  it("serves Discord's Interactions Endpoint with DISCORD_PUBLIC_KEY, without the gateway unless DISCORD_GATEWAY=on", () => {
    const key = "AB".repeat(32);
    const base = { DISCORD_BOT_TOKEN: "t", DISCORD_APPLICATION_ID: "900000000000000001" };
    expect(loadConfig(base).discord).toEqual({ botToken: "t", applicationId: "900000000000000001", gateway: true });
    expect(loadConfig({ ...base, DISCORD_PUBLIC_KEY: key }).discord).toEqual({
      botToken: "t",
      applicationId: "900000000000000001",
      gateway: false,
      interactions: { publicKey: key.toLowerCase(), port: 3001 },
    });
    expect(loadConfig({ ...base, DISCORD_PUBLIC_KEY: key, DISCORD_GATEWAY: "on", DISCORD_INTERACTIONS_PORT: "8443" }).discord).toMatchObject({
      gateway: true,
      interactions: { port: 8443 },
    });
    expect(() => loadConfig({ ...base, DISCORD_PUBLIC_KEY: "abc" })).toThrow(
      /DISCORD_PUBLIC_KEY: must be the application's public key, 64 hexadecimal digits \(copy it from the Developer Portal/,
    );
    expect(() => loadConfig({ DISCORD_PUBLIC_KEY: key })).toThrow(
      /DISCORD_BOT_TOKEN is required with DISCORD_PUBLIC_KEY[\s\S]*DISCORD_APPLICATION_ID is required with DISCORD_PUBLIC_KEY/,
    );
    expect(() => loadConfig({ ...base, DISCORD_GATEWAY: "off" })).toThrow(/DISCORD_PUBLIC_KEY is required with DISCORD_GATEWAY/);
    expect(() => loadConfig({ ...base, DISCORD_INTERACTIONS_PORT: "3001" })).toThrow(/DISCORD_PUBLIC_KEY is required with DISCORD_INTERACTIONS_PORT/);
    expect(() => loadConfig({ ...base, DISCORD_PUBLIC_KEY: key, SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "s", SLACK_PORT: "3001" })).toThrow(
      /DISCORD_INTERACTIONS_PORT: 3001 is already taken by SLACK_PORT/,
    );
  });

  it("parses leads and refuses malformed entries by name", () => {
    expect(loadConfig({ PAIRWISE_LEADS: "slack:U1, discord:123" }).leads).toEqual([
      { platform: "slack", userId: "U1" },
      { platform: "discord", userId: "123" },
    ]);
    expect(() => loadConfig({ PAIRWISE_LEADS: "U1" })).toThrow(/PAIRWISE_LEADS: "U1" is not platform:userId/);
  });

  it("checks numbers, URLs, levels and time zones", () => {
    expect(() => loadConfig({ SLACK_PORT: "http" })).toThrow(/SLACK_PORT/);
    expect(() => loadConfig({ SLACK_API_URL: "not a url" })).toThrow(/SLACK_API_URL/);
    expect(() => loadConfig({ LOG_LEVEL: "loud" })).toThrow(/LOG_LEVEL.*use one of debug, info, warn, error/);
    expect(() => loadConfig({ PAIRWISE_TIMEZONE: "Mars/Olympus" })).toThrow(/not an IANA time zone/);
    expect(loadConfig({ PAIRWISE_TIMEZONE: "Europe/Berlin", SLACK_PORT: "8080" }).timezone).toBe("Europe/Berlin");
  });

  it("reads the AI judge's server, names a half-configured judge, and counts its key as a secret", () => {
    const c = loadConfig({
      PAIRWISE_JUDGE_URL: "http://127.0.0.1:8000/v1",
      PAIRWISE_JUDGE_MODEL: "qwen2.5-7b-instruct",
      PAIRWISE_JUDGE_API_KEY: "sk-local-123456",
    });
    expect(c.judge).toEqual({ url: "http://127.0.0.1:8000/v1", model: "qwen2.5-7b-instruct", apiKey: "sk-local-123456" });
    expect(secretsOf(c)).toContain("sk-local-123456");
    expect(loadConfig({}).judge).toBeUndefined();
    expect(() => loadConfig({ PAIRWISE_JUDGE_MODEL: "m" })).toThrow(
      /PAIRWISE_JUDGE_URL is required with PAIRWISE_JUDGE_MODEL \(set it to the server's base URL, such as http:\/\/127\.0\.0\.1:8000\/v1/,
    );
    expect(() => loadConfig({ PAIRWISE_JUDGE_URL: "127.0.0.1:8000" })).toThrow(/PAIRWISE_JUDGE_URL: Invalid URL/);
    expect(() => loadConfig({ PAIRWISE_JUDGE_URL: "ftp://host/v1" })).toThrow(/PAIRWISE_JUDGE_URL/);
  });
  it("reads DATABASE_URL as PostgreSQL, refuses what is not one, and counts the URL and its password as secrets", () => {
    const c = loadConfig({ DATABASE_URL: "postgres://pairwise:s3cr%40t@db:5432/pairwise", PAIRWISE_DB_POOL_SIZE: "20" });
    expect(c.databaseUrl).toBe("postgres://pairwise:s3cr%40t@db:5432/pairwise");
    expect(c.databasePoolSize).toBe(20);
    expect(secretsOf(c)).toEqual(expect.arrayContaining(["postgres://pairwise:s3cr%40t@db:5432/pairwise", "s3cr@t"]));
    expect(loadConfig({}).databaseUrl).toBeUndefined();
    expect(loadConfig({ DATABASE_URL: "postgresql://db/pairwise" }).databaseUrl).toBe("postgresql://db/pairwise");
    expect(() => loadConfig({ DATABASE_URL: "mysql://db/pairwise" })).toThrow(/DATABASE_URL: must be a PostgreSQL URL.*unset it to use the SQLite file/);
    expect(() => loadConfig({ PAIRWISE_DB_POOL_SIZE: "5" })).toThrow(/PAIRWISE_DB_POOL_SIZE is set without DATABASE_URL/);
  });
});
