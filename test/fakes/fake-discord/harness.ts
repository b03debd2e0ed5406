import { attachPlatform } from "../../../src/app.js";
import type { LeadRef } from "../../../src/config.js";
import { createDiscordAdapter, type DiscordAdapter } from "../../../adapters/discord/index.js";
import { silentLogger } from "../../../src/logger.js";
import { createTestCore, type TestCore } from "../../helpers/core.js";
import { FakeDiscord, type PendingInteraction, type StoredMessage } from "./server.js";
import type { RESTOptions } from "discord.js";
import type { Logger } from "../../../src/logger.js";
import type { RetryPolicy } from "../../../src/core/channel-posts/retry-policy.js";
import { settleBot } from "../../helpers/wait-for.js";
import { generateKeyPairSync, type KeyObject } from "node:crypto";
import type { SeenRequests } from "../../../src/core/seen-requests.js";

/** The readable text of a stored message: content, then each embed's title, description, fields and footer. */
export function discordText(message: StoredMessage | undefined): string {
  if (!message) return "";
  const embeds = message.embeds.flatMap((e) => {
    const fields = ((e.fields as { name: string; value: string }[] | undefined) ?? []).map((f) => `${f.name}\n${f.value}`);
    const footer = (e.footer as { text?: string } | undefined)?.text;
    return [e.title, e.description, ...fields, footer].filter((t): t is string => typeof t === "string");
  });
  return [message.content, ...embeds].filter(Boolean).join("\n");
}

export interface DiscordHarness {
  core: TestCore;
  discord: FakeDiscord;
  adapter: DiscordAdapter;
  /** With `endpoint`: the Interactions Endpoint's URL and the key pair Discord's side signs with. */
  endpoint?: { url: string; publicKeyHex: string; privateKey: KeyObject };
  /** Messages in a channel (a DM is `dm-<user id>`, a thread its own id), in the order they were first posted, each in its latest state. */
  messagesIn(channelId: string): StoredMessage[];
  /** Waits until the bot is done with what was pushed: background work finished, then no new REST call for `quietMs` (at most 250). */
  settle(quietMs?: number): Promise<void>;
  /**
   * Waits until an interaction has its initial response (polling the fake, no fixed sleep), then
   * `graceMs` for follow-ups; fails after Discord's 3-second deadline.
   */
  answered(pending: PendingInteraction, graceMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** Options of the fault tests: a shared fake (a restart against the same Discord), REST options, a logger to read. */
export interface DiscordHarnessFaultOptions {
  /** Run against this fake (kept running by `close`) instead of a new one. */
  discord?: FakeDiscord;
  /** Replaces the REST options the harness sets (one retry, a 5-s timeout). */
  restOptions?: Partial<RESTOptions>;
  /** The adapter's logger, and the core's when the harness makes the core. */
  logger?: Logger;
  postRetry?: RetryPolicy;
  /**
   * Interactions over the Interactions Endpoint (signed HTTP POSTs to the adapter on 127.0.0.1,
   * with a key pair made here) instead of the gateway; `gateway` keeps the gateway login too.
   */
  endpoint?: { gateway?: boolean; seenRequests?: SeenRequests };
}

/** A fresh Ed25519 key pair, the public half as the 64 hex digits the Developer Portal shows. */
export function testKeyPair(): { publicKeyHex: string; privateKey: KeyObject } {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const x = (publicKey.export({ format: "jwk" }) as { x: string }).x;
  return { publicKeyHex: Buffer.from(x, "base64url").toString("hex"), privateKey };
}

export async function startDiscordHarness(
  options: { leads?: LeadRef[]; core?: TestCore; databasePath?: string; start?: string } & DiscordHarnessFaultOptions = {},
): Promise<DiscordHarness> {
  const ownFake = !options.discord;
  const discord = options.discord ?? new FakeDiscord("discord-test-token-xyz");
  if (ownFake) await discord.start();
  const core =
    options.core ??
    createTestCore({
      leads: options.leads ?? [],
      ...(options.databasePath ? { databasePath: options.databasePath } : {}),
      ...(options.start ? { start: options.start } : {}),
      ...(options.postRetry ? { postRetry: options.postRetry } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
    });
  const keys = options.endpoint ? testKeyPair() : undefined;
  const adapter = createDiscordAdapter({
    botToken: discord.token,
    applicationId: discord.applicationId,
    guildId: discord.guildId,
    apiUrl: discord.apiUrl,
    logger: options.logger ?? silentLogger(),
    restOptions: options.restOptions ?? { retries: 1, timeout: 5000 },
    ...(options.postRetry ? { postRetry: options.postRetry } : {}),
    ...(options.endpoint && keys
      ? {
          gateway: options.endpoint.gateway ?? false,
          interactions: {
            publicKey: keys.publicKeyHex,
            port: 0,
            host: "127.0.0.1",
            ...(options.endpoint.seenRequests ? { seenRequests: options.endpoint.seenRequests } : {}),
          },
        }
      : {}),
  });
  await attachPlatform(core, adapter);
  let endpoint: DiscordHarness["endpoint"];
  if (keys) {
    endpoint = { url: `http://127.0.0.1:${adapter.endpointPort}/discord/interactions`, ...keys };
    discord.useInteractionsEndpoint(endpoint.url, keys.privateKey);
  }
  return {
    core,
    discord,
    adapter,
    ...(endpoint ? { endpoint } : {}),
    messagesIn: (channelId) => [...discord.messages.values()].filter((m) => m.channel_id === channelId),
    settle: (quietMs = 60) => settleBot(core.deps.background, () => discord.calls.length, Math.min(quietMs, 250)),
    async answered(pending, graceMs = 15) {
      const deadline = Date.now() + 3000;
      while (discord.callbacks(pending).length === 0) {
        if (Date.now() > deadline) throw new Error(`interaction ${pending.id} was not answered within 3 seconds`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      await new Promise((resolve) => setTimeout(resolve, graceMs));
    },
    async close() {
      await adapter.stop();
      if (ownFake) await discord.stop();
    },
  };
}

/**
 * The two ways interactions reach the bot, for tests that must hold for both: the gateway
 * (INTERACTION_CREATE, answered through the callback endpoint) and the Interactions Endpoint URL
 * (signed HTTP POSTs answered in the HTTP response, no gateway login).
 */
export const DISCORD_DELIVERIES: [string, Pick<DiscordHarnessFaultOptions, "endpoint">][] = [
  ["gateway", {}],
  ["Interactions Endpoint", { endpoint: {} }],
];

/**
 * The files an interaction's answer carried: in its initial response over the gateway; over the
 * Interactions Endpoint, in the edit of @original that follows a deferred answer (the HTTP answer
 * stays JSON).
 */
export async function answerFiles(h: DiscordHarness, pending: PendingInteraction): Promise<{ name: string; data: Buffer }[]> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const initial = h.discord.callbacks(pending)[0];
    if (initial && initial.files.length > 0) return initial.files;
    const edit = h.discord.calls.find((c) => c.method === "PATCH" && c.path.endsWith(`/${pending.token}/messages/@original`) && c.files.length > 0);
    if (edit) return edit.files;
    if (Date.now() > deadline) throw new Error(`no files answered interaction ${pending.id} within 5 seconds`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
