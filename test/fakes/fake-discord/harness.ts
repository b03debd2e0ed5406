import { attachPlatform } from "../../../src/app.js";
import type { LeadRef } from "../../../src/config.js";
import { createDiscordAdapter, type DiscordAdapter } from "../../../adapters/discord/index.js";
import { silentLogger } from "../../../src/logger.js";
import { createTestCore, type TestCore } from "../../helpers/core.js";
import { FakeDiscord } from "./server.js";

export interface DiscordHarness {
  core: TestCore;
  discord: FakeDiscord;
  adapter: DiscordAdapter;
  /** Waits until the adapter has answered what was pushed (or a little while). */
  settle(ms?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startDiscordHarness(options: { leads?: LeadRef[]; core?: TestCore; databasePath?: string; start?: string } = {}): Promise<DiscordHarness> {
  const discord = new FakeDiscord("discord-test-token-xyz");
  await discord.start();
  const core = options.core ?? createTestCore({ leads: options.leads ?? [], ...(options.databasePath ? { databasePath: options.databasePath } : {}), ...(options.start ? { start: options.start } : {}) });
  const adapter = createDiscordAdapter({
    botToken: discord.token,
    applicationId: discord.applicationId,
    guildId: discord.guildId,
    apiUrl: discord.apiUrl,
    logger: silentLogger(),
    restOptions: { retries: 1, timeout: 5000 },
  });
  await attachPlatform(core, adapter);
  return {
    core,
    discord,
    adapter,
    settle: (ms = 250) => new Promise((resolve) => setTimeout(resolve, ms)),
    async close() {
      await adapter.stop();
      await discord.stop();
    },
  };
}
