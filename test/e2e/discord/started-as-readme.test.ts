import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createServer } from "node:net";
import { FakeDiscord, postInteraction } from "../../fakes/fake-discord/server.js";
import { testKeyPair } from "../../fakes/fake-discord/harness.js";
import { runCli } from "../../helpers/cli.js";

let bot: ChildProcess | undefined;
afterEach(() => {
  bot?.kill("SIGTERM");
});

describe("npm start with Discord credentials and DISCORD_API_URL", () => {
  it("logs in through the fake's gateway, registers /pairwise, serves an interaction, and never logs the token", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pw-discord-main-"));
    const db = join(dir, "p.db");
    writeFileSync(join(dir, "c.yaml"), "name: c\nstatus: active\nguidelines: g\ngoldRate: 0\nqualificationGate: false\n");
    writeFileSync(join(dir, "items.jsonl"), '{"id":"1","prompt":"Say hi","response_a":"Hi","response_b":"Hello"}\n');
    expect((await runCli(["campaign", "create", join(dir, "c.yaml")], { DATABASE_PATH: db })).error).toBeUndefined();
    expect((await runCli(["import", "c", join(dir, "items.jsonl")], { DATABASE_PATH: db })).error).toBeUndefined();

    const discord = new FakeDiscord("MTAxNTI.secret-discord-token.abcdef");
    await discord.start();
    const logs: string[] = [];
    bot = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
      env: {
        ...process.env,
        DATABASE_PATH: db,
        DISCORD_BOT_TOKEN: discord.token,
        DISCORD_APPLICATION_ID: discord.applicationId,
        DISCORD_GUILD_ID: discord.guildId,
        DISCORD_API_URL: discord.apiUrl,
        LOG_LEVEL: "debug",
        SLACK_BOT_TOKEN: "",
        SLACK_SIGNING_SECRET: "",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    bot.stdout!.on("data", (d: Buffer) => logs.push(d.toString()));
    bot.stderr!.on("data", (d: Buffer) => logs.push(d.toString()));
    const deadline = Date.now() + 20_000;
    while (!logs.join("").includes("Discord adapter ready") && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(logs.join("")).toContain("Discord adapter ready");
    expect(discord.calls.some((c) => c.method === "PUT" && c.path.endsWith(`/guilds/${discord.guildId}/commands`))).toBe(true);

    const next = discord.command("U1", "next", [{ name: "campaign", type: 3, value: "c" }]);
    const until = Date.now() + 5000;
    while (discord.callbacks(next).length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    expect(JSON.stringify(discord.callbacks(next)[0]?.body)).toContain("Say hi");
    bot.kill("SIGTERM");
    await new Promise((r) => bot!.once("exit", r));
    await discord.stop();
    expect(logs.join("")).not.toContain(discord.token);
  });

  it("with DISCORD_PUBLIC_KEY: serves the Interactions Endpoint without the gateway, answers health checks there, and still refuses a replay after a restart", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pw-discord-endpoint-"));
    const db = join(dir, "p.db");
    writeFileSync(join(dir, "c.yaml"), "name: c\nstatus: active\nguidelines: g\ngoldRate: 0\nqualificationGate: false\n");
    writeFileSync(join(dir, "items.jsonl"), '{"id":"1","prompt":"Say hi","response_a":"Hi","response_b":"Hello"}\n');
    expect((await runCli(["campaign", "create", join(dir, "c.yaml")], { DATABASE_PATH: db })).error).toBeUndefined();
    expect((await runCli(["import", "c", join(dir, "items.jsonl")], { DATABASE_PATH: db })).error).toBeUndefined();
    const discord = new FakeDiscord("MTAxNTI.secret-discord-token.abcdef");
    await discord.start();
    const keys = testKeyPair();
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/discord/interactions`;
    const logs: string[] = [];
    const start = async () => {
      const mark = logs.length;
      bot = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
        env: {
          ...process.env,
          DATABASE_PATH: db,
          DISCORD_BOT_TOKEN: discord.token,
          DISCORD_APPLICATION_ID: discord.applicationId,
          DISCORD_GUILD_ID: discord.guildId,
          DISCORD_API_URL: discord.apiUrl,
          DISCORD_PUBLIC_KEY: keys.publicKeyHex,
          DISCORD_INTERACTIONS_PORT: String(port),
          LOG_LEVEL: "debug",
          SLACK_BOT_TOKEN: "",
          SLACK_SIGNING_SECRET: "",
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      bot.stdout!.on("data", (d: Buffer) => logs.push(d.toString()));
      bot.stderr!.on("data", (d: Buffer) => logs.push(d.toString()));
      const deadline = Date.now() + 20_000;
      while (!logs.slice(mark).join("").includes("Discord adapter ready") && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(logs.slice(mark).join("")).toContain("Discord adapter ready");
    };
    const stop = async () => {
      bot!.kill("SIGTERM");
      await new Promise((r) => bot!.once("exit", r));
    };
    await start();
    discord.useInteractionsEndpoint(url, keys.privateKey);
    expect(discord.calls.some((c) => c.path === "/gateway/bot")).toBe(false);
    expect(await discord.ping()).toEqual({ status: 200, json: { type: 1 } });
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);

    const next = discord.command("U1", "next", [{ name: "campaign", type: 3, value: "c" }]);
    await next.delivery;
    expect(JSON.stringify(discord.callbacks(next)[0]?.body)).toContain("Say hi");
    await stop();
    await start();
    // Captured before the restart and sent again: refused (the replay guard is in seen_requests).
    expect((await postInteraction(url, next.signed!)).status).toBe(401);
    await stop();
    expect(logs.join("")).toContain("refused a replayed Discord interaction request");
    await discord.stop();
    expect(logs.join("")).not.toContain(discord.token);
    expect(logs.join("")).not.toContain(next.token);
  });
});

/** A port free right now on 127.0.0.1 (the bot listens on every interface). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
