import { policyOf } from "../../domain/bakeoff.js";
import { bakeoffBoard, tallyBattles, type Board, type PairTally } from "../../stats/index.js";
import { bakeoffModels, type NamedBakeoff } from "../../storage/repos/bakeoffs.repo.js";
import { modelBattles } from "../../storage/repos/judgments.repo.js";
import type { ServiceContext } from "../context.js";
import { promptsOfBakeoff, requireBakeoff } from "./find-bakeoff.js";
import { count } from "../../domain/plural.js";
import { WINNER_OF_CHOICE } from "../../domain/choice.js";

/** A bake-off's votes counted per pair of its models. */
export async function bakeoffTally(ctx: ServiceContext, bakeoff: Pick<NamedBakeoff, "id" | "campaignId">): Promise<PairTally> {
  const battles = (await modelBattles(ctx.db, bakeoff.campaignId)).map((r) => ({ modelA: r.modelA, modelB: r.modelB, winner: WINNER_OF_CHOICE[r.choice] }));
  return tallyBattles(battles, { models: await bakeoffModels(ctx.db, bakeoff.id) });
}

export interface BakeoffStanding {
  bakeoff: NamedBakeoff;
  prompts: number;
  board: Board;
}

/** Where a bake-off stands: its leaderboard with intervals and the verdict on each pair of neighbours. */
export async function bakeoffStanding(ctx: ServiceContext, name: string): Promise<BakeoffStanding> {
  const bakeoff = await requireBakeoff(ctx, name);
  return { bakeoff, prompts: await promptsOfBakeoff(ctx, bakeoff.id), board: bakeoffBoard(await bakeoffTally(ctx, bakeoff), policyOf(bakeoff)) };
}

/** What a bake-off says when it ends: the verdict, the votes it took, and the order. */
export function describeOutcome(status: "stable" | "budget" | "stopped", board: Board, confidence: number): string {
  const order = board.rows.map((r, k) => `${k + 1}. ${r.model}`).join(", ");
  const tied = board.neighbours.filter((n) => n.verdict === "tied").map((n) => `${n.upper} and ${n.lower} tie`);
  const open = board.neighbours.filter((n) => n.verdict === "open").map((n) => `${n.upper} vs ${n.lower}`);
  const at = `${Math.round(confidence * 1000) / 10}%`;
  switch (status) {
    case "stable":
      return `Stable at ${at} after ${count(board.votes, "vote")}: ${order}${tied.length > 0 ? ` (${tied.join("; ")})` : ""}.`;
    case "budget":
      return `Not stable at ${at} after ${count(board.votes, "vote")}, the most it may take: ${order}. Still open: ${open.join(", ")}.`;
    case "stopped":
      return `Stopped by a lead after ${count(board.votes, "vote")}: ${order}.${open.length > 0 ? ` Not yet settled at ${at}: ${open.join(", ")}.` : ""}`;
  }
}
