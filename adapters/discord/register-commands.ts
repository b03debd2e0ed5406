import { REST, Routes } from "discord.js";
import { loadConfig } from "../../src/config.js";
import { isPairwiseError } from "../../src/errors.js";
import { pairwiseCommand } from "./commands.js";

/** `npm run discord:register`: registers `/pairwise` without starting the bot. */
async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.discord) throw new Error("Set DISCORD_BOT_TOKEN and DISCORD_APPLICATION_ID (and DISCORD_GUILD_ID for one guild) first.");
  const { botToken, applicationId, guildId, apiUrl } = config.discord;
  const rest = new REST(apiUrl ? { api: apiUrl.replace(/\/$/, "") } : {}).setToken(botToken);
  const route = guildId ? Routes.applicationGuildCommands(applicationId, guildId) : Routes.applicationCommands(applicationId);
  await rest.put(route, { body: [pairwiseCommand()] });
  process.stdout.write(`Registered /pairwise ${guildId ? `in guild ${guildId} (available now)` : "globally (may take up to an hour to appear)"}.\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${isPairwiseError(error) ? error.message : error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
