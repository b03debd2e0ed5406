import { basename } from "node:path";
import type { Command } from "commander";
import { BakeoffSettings } from "../../domain/bakeoff.js";
import { parseBakeoffRecords } from "../../io/bakeoff-file.js";
import { bakeoffStanding } from "../../services/bakeoff/bakeoff-standing.js";
import { createBakeoff } from "../../services/bakeoff/create-bakeoff.js";
import { bakeoffsWithStatus } from "../../services/bakeoff/find-bakeoff.js";
import { withCliContext } from "../context.js";
import { numberOption } from "../number-option.js";
import { cliOutput } from "../output.js";
import { readRecords } from "../read-table-file.js";

const defaults = BakeoffSettings.parse({ name: "x" });

const HELP = `
A bake-off compares several models on shared prompts by asking people, pair by pair, in a
channel: the pairs whose vote settles the ranking fastest are posted, a live leaderboard with
intervals sits in a thread, and it stops itself when each model is ahead of the next at the
chosen confidence ("stable at 95% after 38 votes"), or after --max-votes.

The outputs file: JSON Lines, a JSON array or CSV, one row per model per prompt:
  {"prompt_id": "p1", "prompt": "Write a subject line for our launch", "model": "model-a", "output": "…"}
prompt_id is optional (rows with the same prompt text are one prompt); prompt may be chat turns
[{role, content}]; AlpacaEval's instruction/generator are read as prompt/model. Every prompt needs
two or more models' outputs.

How pairs are chosen: until every model has --min-views votes, the least seen model first; then
--exploration of the pairs at random; otherwise the pair whose vote most narrows the intervals of
the neighbour gaps still open (the Chatbot Arena paper's rule, aimed at the ranking). The
leaderboard is Bradley-Terry with one pseudo-draw per pair of models (so a 3-0 start is not
taken for certainty), intervals from the likelihood's curvature.

On Discord a lead can also create one in chat: attach the file to
/pairwise bakeoff create <name> (the same options and checks).

Examples:
  pairwise bakeoff create outputs.jsonl --name subject-lines --title "Launch subject lines"
  /pairwise bakeoff start subject-lines        (in chat, in the channel where the team votes)
  pairwise bakeoff status subject-lines`;

export function registerBakeoffCommand(program: Command): void {
  const bakeoff = program
    .command("bakeoff")
    .description("Vote-efficient bake-offs of several models: create them here (or in chat on Discord), run them in chat")
    .addHelpText("after", HELP);
  bakeoff
    .command("create <file>")
    .description("Create a bake-off (a draft) from models' outputs on shared prompts")
    .requiredOption("--name <name>", "its name: lowercase letters, digits, - and _")
    .option("--title <title>", "what people see")
    .option("--leads <list>", "who may start, stop and see it besides PAIRWISE_LEADS, comma separated (slack:U0123ABC,discord:1234)")
    .option("--confidence <x>", "stable when each model is ahead of the next at this confidence", String(defaults.confidence))
    .option("--min-views <n>", "votes every model takes part in before it may be called stable", String(defaults.minViews))
    .option("--exploration <x>", "share of pairs drawn at random", String(defaults.exploration))
    .option("--margin <elo>", "neighbours whose interval fits within ± this many Elo points count as tied (0: never)", String(defaults.margin))
    .option("--max-votes <n>", "end unstable after this many votes", String(defaults.maxVotes))
    .option("--parallel <n>", "pairs posted at once, each waiting for its vote", String(defaults.parallel))
    .action(async (file: string, o: Record<string, string>) => {
      const outputs = parseBakeoffRecords(readRecords(file), basename(file));
      const settings = {
        name: o.name!,
        ...(o.title ? { title: o.title } : {}),
        ...(o.leads
          ? {
              leads: o.leads
                .split(",")
                .map((l) => l.trim())
                .filter(Boolean),
            }
          : {}),
        confidence: numberOption("--confidence", o.confidence!, { min: 0.5, max: 0.999 }),
        minViews: numberOption("--min-views", o.minViews!, { integer: true, min: 0, max: 100 }),
        exploration: numberOption("--exploration", o.exploration!, { min: 0, max: 1 }),
        margin: numberOption("--margin", o.margin!, { min: 0, max: 1000 }),
        maxVotes: numberOption("--max-votes", o.maxVotes!, { integer: true, min: 5, max: 100_000 }),
        parallel: numberOption("--parallel", o.parallel!, { integer: true, min: 1, max: 10 }),
      };
      await withCliContext(async (ctx) => {
        const created = await createBakeoff(ctx, { settings, outputs });
        cliOutput.out(
          `Created bake-off ${created.name} (a draft): ${outputs.models.length} models (${outputs.models.join(", ")}) on ${outputs.prompts} prompts.`,
        );
        cliOutput.out(`Start it in the channel where the team votes: /pairwise bakeoff start ${created.name}`);
      });
    });
  bakeoff
    .command("status <name>")
    .description("The leaderboard with intervals, and what is still open")
    .option("--json", "print JSON")
    .action(async (name: string, o: { json?: boolean }) => {
      await withCliContext(async (ctx) => {
        const { bakeoff: b, board, prompts } = await bakeoffStanding(ctx, name);
        if (o.json) {
          const { rows, neighbours, votes, stable } = board;
          return cliOutput.out(
            JSON.stringify(
              { name: b.name, status: b.status, outcome: b.outcome, prompts, votes, stable, confidence: b.confidence, leaderboard: rows, neighbours },
              null,
              2,
            ),
          );
        }
        cliOutput.out(`${b.title ?? b.name}: ${b.status}${b.outcome ? ` · ${b.outcome}` : ""} · ${board.votes} votes on ${prompts} prompts`);
        board.rows.forEach((r, k) =>
          cliOutput.out(
            `${String(k + 1).padStart(3)}. ${r.model.padEnd(28)} ${r.rating.toFixed(0).padStart(5)}  [${r.low.toFixed(0)}, ${r.high.toFixed(0)}]  ${r.views} votes`,
          ),
        );
        for (const n of board.neighbours) cliOutput.out(`  ${n.upper} over ${n.lower}: ${n.gap.toFixed(0)} ± ${n.se.toFixed(0)} Elo, ${n.verdict}`);
      });
    });
  bakeoff
    .command("list")
    .description("Every bake-off and where it stands")
    .action(async () => {
      await withCliContext(async (ctx) => {
        const all = await bakeoffsWithStatus(ctx);
        if (all.length === 0) return cliOutput.out("No bake-offs yet. Create one with: pairwise bakeoff create <outputs file> --name <name>");
        for (const b of all) cliOutput.out(`${b.name}\t${b.status}${b.outcome ? `\t${b.outcome}` : ""}`);
      });
    });
}
