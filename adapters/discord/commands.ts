import { SlashCommandBuilder, type RESTPostAPIChatInputApplicationCommandsJSONBody } from "discord.js";
import { EXPORT_FORMATS, REPORT_KINDS } from "../../src/core/port.js";

const campaign =
  (required = true) =>
  (o: import("discord.js").SlashCommandStringOption) =>
    o.setName("campaign").setDescription("Campaign name").setRequired(required).setAutocomplete(true);

/**
 * The `/pairwise` command with typed subcommands. Permissions in Discord are per command, not per
 * subcommand, so the lead subcommands are listed for everyone and checked on the server (the core
 * refuses non-leads with a clear message); `default_member_permissions` stays open so annotators
 * can use `next`.
 */
export function pairwiseCommand(): RESTPostAPIChatInputApplicationCommandsJSONBody {
  return new SlashCommandBuilder()
    .setName("pairwise")
    .setDescription("Label preference pairs, see your stats, run campaigns")
    .addSubcommand((s) => s.setName("next").setDescription("Get your next comparison, privately").addStringOption(campaign(false)))
    .addSubcommand((s) => s.setName("stats").setDescription("Your judgments, gold accuracy and streak"))
    .addSubcommand((s) => s.setName("guidelines").setDescription("A campaign's current guidelines and rubric, privately").addStringOption(campaign(false)))
    .addSubcommand((s) =>
      s
        .setName("help")
        .setDescription("What you can do here")
        .addStringOption((o) => o.setName("command").setDescription("A command to explain")),
    )
    .addSubcommand((s) => s.setName("campaigns").setDescription("Leads: list campaigns with status and progress"))
    .addSubcommand((s) => s.setName("open").setDescription("Leads: open a campaign for labeling").addStringOption(campaign()))
    .addSubcommand((s) => s.setName("pause").setDescription("Leads: stop handing out items").addStringOption(campaign()))
    .addSubcommand((s) =>
      s
        .setName("post")
        .setDescription("Leads: post items in the campaign's channels; everyone votes once")
        .addStringOption(campaign())
        .addIntegerOption((o) => o.setName("n").setDescription("How many items (1–20)").setMinValue(1).setMaxValue(20)),
    )
    .addSubcommand((s) => s.setName("calibrate").setDescription("Leads: open a calibration round now").addStringOption(campaign()))
    .addSubcommand((s) =>
      s
        .setName("adjudicate")
        .setDescription("Leads: decide items that stayed split, or review the AI judge's disagreements")
        .addStringOption(campaign())
        .addStringOption((o) =>
          o
            .setName("queue")
            .setDescription("Which items (default: split or disputed)")
            .addChoices({ name: "AI judge vs a confident human majority", value: "judge" }),
        ),
    )
    .addSubcommand((s) =>
      s
        .setName("requalify")
        .setDescription("Leads: give a flagged annotator a fresh start")
        .addStringOption(campaign())
        .addStringOption((o) => o.setName("annotator").setDescription("A mention, discord:<user id>, or their display name").setRequired(true))
        .addBooleanOption((o) => o.setName("reset").setDescription("Have them calibrate again before regular items")),
    )
    .addSubcommand((s) =>
      s
        .setName("report")
        .setDescription("Leads: a report with a chart")
        .addStringOption(campaign())
        .addStringOption((o) =>
          o
            .setName("kind")
            .setDescription("Which report")
            .addChoices(...REPORT_KINDS.map((k) => ({ name: k, value: k }))),
        ),
    )
    .addSubcommand((s) =>
      s
        .setName("export")
        .setDescription("Leads: export the campaign as a file")
        .addStringOption(campaign())
        .addStringOption((o) =>
          o
            .setName("format")
            .setDescription("File format")
            .addChoices(...EXPORT_FORMATS.map((k) => ({ name: k, value: k }))),
        )
        .addBooleanOption((o) => o.setName("include_ai").setDescription("Count the AI judge's verdicts as votes (left out by default)"))
        .addStringOption((o) =>
          o.setName("options").setDescription("More options, as the CLI's: --min-agreement 2/3 --exclude-ties (see /pairwise help export)"),
        ),
    )
    .addSubcommand((s) =>
      s
        .setName("prescore")
        .setDescription("Leads: let the AI judge pre-score the unscored pairs (both orders) and route them")
        .addStringOption(campaign())
        .addIntegerOption((o) => o.setName("limit").setDescription("Score at most this many pairs").setMinValue(1))
        .addBooleanOption((o) => o.setName("dry_run").setDescription("Count the requests and estimate the tokens; send nothing")),
    )
    .addSubcommand((s) =>
      s
        .setName("poll")
        .setDescription("A quick poll: question, options, close time (no arguments opens a form)")
        .addStringOption((o) => o.setName("args").setDescription('e.g. "Which subject?" "Launch day" "We are live" --close 2h')),
    )
    .addSubcommand((s) =>
      s
        .setName("bakeoff")
        .setDescription("Leads: a bake-off of several models in this channel (create, start, status, stop, list)")
        .addStringOption((o) => o.setName("args").setDescription("e.g. create subject-lines (attach the outputs) or start subject-lines").setRequired(true))
        .addAttachmentOption((o) => o.setName("file").setDescription("create: the models' outputs (JSONL, JSON or CSV)")),
    )
    .addSubcommand((s) =>
      s
        .setName("import")
        .setDescription("Leads: import items from an attached file")
        .addStringOption(campaign())
        .addAttachmentOption((o) => o.setName("file").setDescription("JSONL, JSON or CSV").setRequired(true)),
    )
    .toJSON();
}
