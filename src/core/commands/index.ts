import type { Reply } from "../events.js";
import { canLead } from "../lead-access.js";
import type { MessageView } from "../views.js";
import { nextCommand, statsCommand } from "./annotator-commands.js";
import { campaignsCommand, openCommand, pauseCommand, postCommand } from "./campaign-commands.js";
import type { CommandSpec } from "./command-spec.js";
import { adjudicateCommand, calibrateCommand } from "./quality-commands.js";
import { exportCommand, reportCommand } from "./report-commands.js";
import { pollCommand } from "./poll-command.js";
import { importCommand } from "./import-command.js";
import { prescoreCommand } from "./prescore-command.js";
import { bakeoffCommand } from "./bakeoff-command.js";
import { guidelinesCommand } from "./guidelines-command.js";
import { requalifyCommand } from "./requalify-command.js";

const helpCommand: CommandSpec = {
  name: "help",
  lead: false,
  usage: "[command]",
  summary: "What you can do here.",
  async run(deps, event): Promise<Reply> {
    return { kind: "private", view: helpView(await canLead(deps, event, "any"), event.args[0]) };
  },
};

/** Every `/pairwise` subcommand, in the order help lists them. */
const COMMANDS: readonly CommandSpec[] = [
  nextCommand,
  statsCommand,
  guidelinesCommand,
  pollCommand,
  helpCommand,
  campaignsCommand,
  openCommand,
  pauseCommand,
  postCommand,
  bakeoffCommand,
  importCommand,
  reportCommand,
  exportCommand,
  prescoreCommand,
  calibrateCommand,
  adjudicateCommand,
  requalifyCommand,
];

export function findCommand(name: string): CommandSpec | undefined {
  return COMMANDS.find((c) => c.name === name.toLowerCase());
}

/** Help for everyone, with the lead commands for leads; `topic` narrows to one command. */
export function helpView(lead: boolean, topic?: string, problem?: string): MessageView {
  const one = topic ? findCommand(topic) : undefined;
  if (one && (!one.lead || lead)) {
    return {
      text: `/pairwise ${one.name} ${one.usage}`,
      blocks: [
        { type: "header", text: `/pairwise ${one.name} ${one.usage}`.trim() },
        { type: "text", text: [one.summary, one.details].filter(Boolean).join("\n") },
      ],
    };
  }
  const line = (c: CommandSpec) => `\`/pairwise ${`${c.name} ${c.usage}`.trim()}\` ${c.summary}`;
  const blocks: MessageView["blocks"] = [];
  if (problem) blocks.push({ type: "text", text: problem });
  blocks.push({ type: "header", text: "Pairwise: compare two responses, pick the better one" });
  blocks.push({
    type: "text",
    text: COMMANDS.filter((c) => !c.lead)
      .map(line)
      .join("\n"),
  });
  if (lead) {
    blocks.push({ type: "context", text: "For leads" });
    blocks.push({
      type: "text",
      text: COMMANDS.filter((c) => c.lead)
        .map(line)
        .join("\n"),
    });
  }
  return { text: "Pairwise help", blocks, ...(problem ? { tone: "warning" as const } : {}) };
}
