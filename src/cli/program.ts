import { Command } from "commander";
import type { CliDeps } from "./judge-port.js";

type Register = (program: Command, deps: CliDeps) => void;

/**
 * Every subcommand, by name, with the module that registers it. A module is loaded only when its
 * command runs (or for the full help): `pairwise rank` never loads the database, the exporters or
 * the chart renderer, which take most of a short command's time.
 */
const COMMANDS: Record<string, () => Promise<Register>> = {
  campaign: async () => (await import("./commands/campaign.js")).registerCampaignCommand,
  import: async () => (await import("./commands/import.js")).registerImportCommand,
  export: async () => (await import("./commands/export.js")).registerExportCommand,
  agreement: async () => (await import("./commands/agreement.js")).registerAgreementCommand,
  rank: async () => (await import("./commands/rank.js")).registerRankCommand,
  aggregate: async () => (await import("./commands/aggregate.js")).registerAggregateCommand,
  report: async () => (await import("./commands/report.js")).registerReportCommand,
  prescore: async () => (await import("./commands/prescore.js")).registerPrescoreCommand,
  bakeoff: async () => (await import("./commands/bakeoff.js")).registerBakeoffCommand,
  token: async () => (await import("./commands/token.js")).registerTokenCommand,
  webhook: async () => (await import("./commands/webhook.js")).registerWebhookCommand,
  snapshot: async () => (await import("./commands/snapshot.js")).registerSnapshotCommand,
  db: async () => (await import("./commands/db.js")).registerDbCommand,
};

/**
 * The `pairwise` command, built fresh so tests can drive it. `deps` carries the adapters the entry
 * point wires in (the AI judge). With `only` naming a subcommand, just that one is registered;
 * otherwise (help, a typo) all of them, so the listing and the suggestions are complete.
 */
export async function buildProgram(deps: CliDeps = {}, only?: string): Promise<Command> {
  const program = new Command("pairwise")
    .description("Human preference labeling in Slack and Discord: campaigns, imports, exports, statistics")
    .showHelpAfterError("(run with --help for usage)")
    .addHelpText(
      "after",
      `
The database is DATABASE_PATH (default ./data/pairwise.db). Run the bot with \`npm start\`.
Every command has --help, for example: pairwise import --help`,
    );
  const names = only !== undefined && only in COMMANDS ? [only] : Object.keys(COMMANDS);
  for (const name of names) (await COMMANDS[name]!())(program, deps);
  return program;
}
