import type { Board } from "../../stats/index.js";
import { encodeAction } from "../action-ids.js";
import type { MessageView, ViewBlock } from "../views.js";
import { channelCard, type ChannelCardInput } from "./channel-card.js";

interface BakeoffLike {
  name: string;
  title: string | null;
  confidence: number;
  maxVotes: number;
  status: string;
  outcome: string | null;
}

const percent = (confidence: number) => `${Math.round(confidence * 1000) / 10}%`;
const titleOf = (b: BakeoffLike) => b.title ?? b.name;

/**
 * The bake-off's announcement in its channel; the live leaderboard is in its thread. Its
 * Leaderboard button (the standings, privately) also marks the message as this bake-off's, so a
 * restart can find it in the channel instead of announcing twice.
 */
export function bakeoffAnnouncement(b: BakeoffLike & { campaignId: number }, models: number, prompts: number, threads: boolean): MessageView {
  const text = `${models} models answered the same ${prompts} prompt${prompts === 1 ? "" : "s"}. Pairs of their answers are posted here, names hidden: one vote each pair. The next pairs are the ones whose vote settles the ranking fastest, and the bake-off stops itself when the ranking is stable at ${percent(b.confidence)} (or after ${b.maxVotes} votes).`;
  return {
    text: `Bake-off: ${titleOf(b)}`,
    blocks: [
      { type: "header", text: `Bake-off: ${titleOf(b)}` },
      { type: "text", text },
      { type: "context", text: threads ? "The live leaderboard is in the thread." : "The live leaderboard is the next message." },
      { type: "actions", buttons: [{ actionId: encodeAction({ verb: "bakeoff_board", campaignId: b.campaignId }), label: "Leaderboard" }] },
    ],
  };
}

/** The live leaderboard: rating with its interval, votes per model, and what is still unsettled. */
export function bakeoffBoardView(b: BakeoffLike, board: Board): MessageView {
  const lines = board.rows.map(
    (r, k) => `${k + 1}. *${r.model}* ${Math.round(r.rating)} [${Math.round(r.low)}, ${Math.round(r.high)}] · ${r.views} vote${r.views === 1 ? "" : "s"}`,
  );
  const open = board.neighbours.filter((n) => n.verdict === "open").map((n) => `${n.upper} vs ${n.lower}`);
  const state =
    b.status === "running"
      ? `${board.votes} vote${board.votes === 1 ? "" : "s"} so far · ${open.length > 0 ? `still open at ${percent(b.confidence)}: ${open.join(", ")}` : "settling"}`
      : (b.outcome ?? b.status);
  return {
    text: `Leaderboard · ${titleOf(b)}: ${board.rows.map((r) => r.model).join(" > ")}`,
    blocks: [
      { type: "header", text: `Leaderboard · ${titleOf(b)}` },
      { type: "text", text: lines.join("\n") },
      { type: "context", text: `Elo scale, ${percent(b.confidence)} intervals · ${state}` },
    ],
    ...(b.status === "stable" ? { tone: "success" as const } : {}),
  };
}

/** The bake-off's last word, in its thread. */
export const bakeoffOutcomeView = (b: BakeoffLike, outcome: string): MessageView => ({
  text: outcome,
  blocks: [{ type: "text", text: `*${titleOf(b)}*: ${outcome}` }],
  tone: b.status === "stable" ? "success" : "info",
});

/** The line an ended bake-off's pairs show in place of their buttons. */
const BAKEOFF_ENDED_LINE = "This bake-off has ended: votes are no longer taken.";

/** A pair of an ended bake-off that never got its vote: the comparison stays readable, the buttons go. */
export function endedPairCard(input: ChannelCardInput): MessageView {
  const card = channelCard(input);
  const blocks: ViewBlock[] = card.blocks.filter((b) => b.type !== "actions" && b.type !== "context");
  blocks.push({ type: "context", text: BAKEOFF_ENDED_LINE });
  return { text: `${BAKEOFF_ENDED_LINE} (${input.campaignTitle})`, blocks };
}
