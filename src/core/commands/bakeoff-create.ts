import type { z } from "zod";
import type { BakeoffSettings } from "../../domain/bakeoff.js";
import { count } from "../../domain/plural.js";
import { PairwiseError } from "../../errors.js";
import { createBakeoffFromFile, MAX_BAKEOFF_ATTACHMENT_BYTES } from "../../services/bakeoff/create-bakeoff-from-file.js";
import type { DispatchDeps } from "../dispatch-context.js";
import type { CommandInvoked, Reply } from "../events.js";
import { notice } from "../views.js";

export const CREATE_USAGE =
  "create <name> [--title <title>] [--leads slack:U0123,discord:1234] [--confidence 0.95] [--min-views n] [--exploration x] [--margin elo] [--max-votes n] [--parallel n] (with the outputs file attached)";

const MiB = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1).replace(/\.0$/, "")} MiB`;
const ON_THE_SERVER = "run `pairwise bakeoff create <outputs file> --name <name>` on the server";

/** The flags `create` takes, by their spelling, with the setting each fills. */
const NUMBER_FLAGS = {
  "--confidence": "confidence",
  "--min-views": "minViews",
  "--exploration": "exploration",
  "--margin": "margin",
  "--max-votes": "maxVotes",
  "--parallel": "parallel",
} as const;
const TEXT_FLAGS = ["--title", "--leads"] as const;

type Settings = z.input<typeof BakeoffSettings>;

/** `create <name> --flag value …` as bake-off settings; the creator leads it. */
function settingsOf(args: readonly string[], creator: string): Settings {
  const [name, ...rest] = args;
  if (!name || name.startsWith("--")) throw new PairwiseError("VALIDATION", `Name the bake-off: \`/pairwise bakeoff ${CREATE_USAGE}\`.`);
  const settings: Settings = { name, leads: [creator] };
  for (let i = 0; i < rest.length; i += 2) {
    const flag = rest[i]!;
    const value = rest[i + 1];
    const known = flag in NUMBER_FLAGS || (TEXT_FLAGS as readonly string[]).includes(flag);
    if (!known)
      throw new PairwiseError(
        "VALIDATION",
        `Unknown option "${flag}". \`/pairwise bakeoff create\` takes ${[...TEXT_FLAGS, ...Object.keys(NUMBER_FLAGS)].join(", ")}, each followed by its value.`,
      );
    if (value === undefined || value.startsWith("--"))
      throw new PairwiseError("VALIDATION", `${flag} needs a value, for example \`${flag} ${example(flag)}\`.`);
    if (flag === "--title") settings.title = value;
    else if (flag === "--leads")
      settings.leads = [
        creator,
        ...value
          .split(",")
          .map((l) => l.trim())
          .filter(Boolean),
      ];
    else {
      const n = Number(value);
      if (value.trim() === "" || !Number.isFinite(n))
        throw new PairwiseError("VALIDATION", `${flag} expects a number, got "${value}" (for example \`${flag} ${example(flag)}\`).`);
      settings[NUMBER_FLAGS[flag as keyof typeof NUMBER_FLAGS]] = n;
    }
  }
  return settings;
}

const EXAMPLES: Record<string, string> = { "--title": '"Launch subject lines"', "--leads": "slack:U0123ABC", "--confidence": "0.9", "--margin": "25" };
const example = (flag: string) => EXAMPLES[flag] ?? (flag === "--exploration" ? "0.1" : "10");

/**
 * `/pairwise bakeoff create <name> …` with the models' outputs attached: the same file and checks
 * as the CLI's `pairwise bakeoff create`, answered privately once the file is read. The person who
 * creates it leads it (with PAIRWISE_LEADS and any `--leads`).
 */
export function createBakeoffHere(deps: DispatchDeps, event: CommandInvoked): Reply {
  const settings = settingsOf(event.args.slice(1), `${event.user.platform}:${event.user.userId}`);
  const attachment = event.attachment;
  if (!attachment)
    throw new PairwiseError(
      "VALIDATION",
      `Attach the models' outputs to \`/pairwise bakeoff create ${settings.name}\` (JSON Lines, a JSON array or CSV: one row per model per prompt, {"prompt_id", "prompt", "model", "output"}). Where a command cannot carry a file (Slack), ${ON_THE_SERVER}.`,
    );
  if (attachment.size > MAX_BAKEOFF_ATTACHMENT_BYTES)
    throw new PairwiseError(
      "VALIDATION",
      `"${attachment.name}" is ${MiB(attachment.size)}; an attached outputs file can be at most ${MiB(MAX_BAKEOFF_ATTACHMENT_BYTES)}. For a larger one, ${ON_THE_SERVER}.`,
    );
  // A download takes longer than an interaction may wait: acknowledge now.
  return {
    kind: "deferred",
    visibility: "private",
    work: async () => {
      const data = await attachment.fetch(MAX_BAKEOFF_ATTACHMENT_BYTES).catch((error: unknown) => {
        const why = error instanceof Error ? error.message : String(error);
        throw new PairwiseError("PLATFORM", `Could not download "${attachment.name}" (${why}). Nothing was created; attach it again.`);
      });
      const { bakeoff, outputs } = await createBakeoffFromFile(deps.services, { settings, fileName: attachment.name, data });
      return {
        kind: "private",
        view: notice(
          `Created bake-off ${bakeoff.name} (a draft): ${count(outputs.models.length, "model")} (${outputs.models.join(", ")}) on ${count(outputs.prompts, "prompt")}. Start it in the channel where the team votes: \`/pairwise bakeoff start ${bakeoff.name}\`.`,
          "success",
        ),
      };
    },
  };
}
