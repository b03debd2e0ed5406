import { Command } from "commander";
import { registerCampaignCommand } from "./commands/campaign.js";
import { registerExportCommand } from "./commands/export.js";
import { registerImportCommand } from "./commands/import.js";
import { registerAgreementCommand } from "./commands/agreement.js";
import { registerAggregateCommand } from "./commands/aggregate.js";
import { registerRankCommand } from "./commands/rank.js";
import { registerReportCommand } from "./commands/report.js";
import { registerPrescoreCommand } from "./commands/prescore.js";
import type { CliDeps } from "./judge-port.js";

/**
 * The `pairwise` command with every subcommand registered; built fresh so tests can drive it.
 * `deps` carries the adapters the entry point wires in (the AI judge).
 */
export function buildProgram(deps: CliDeps = {}): Command {
  const program = new Command("pairwise")
    .description("Human preference labeling in Slack and Discord: campaigns, imports, exports, statistics")
    .showHelpAfterError("(run with --help for usage)")
    .addHelpText(
      "after",
      `
The database is DATABASE_PATH (default ./data/pairwise.db). Run the bot with \`npm start\`.
Every command has --help, for example: pairwise import --help`,
    );
  registerCampaignCommand(program);
  registerImportCommand(program, deps);
  registerExportCommand(program);
  registerAgreementCommand(program);
  registerRankCommand(program);
  registerAggregateCommand(program);
  registerReportCommand(program);
  registerPrescoreCommand(program, deps);
  return program;
}
