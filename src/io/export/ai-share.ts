import type { Db } from "../../storage/database.js";
import { judgesOfCampaign } from "../../storage/repos/ai-judgments.repo.js";

/** How much of an export the AI judge made, and which judge: for the QA report and the data card. */
export interface AiShare {
  /** Whether AI verdicts were counted as votes (`--include-ai`). */
  included: boolean;
  /** The judges that scored the campaign: model, prompt version, verdicts. */
  judges: { model: string; promptVersion: string; judgments: number }[];
  /** Votes behind the exported labels, and how many of them are the judge's. */
  votes: number;
  aiVotes: number;
  /** Exported items whose every vote is the judge's. */
  itemsAiOnly: number;
  /** Raw exports: judgment rows in the file, and how many are the judge's. */
  rawRows?: { rows: number; ai: number };
}

/** Counts the AI share while the export streams its labeled items, or its raw judgment rows. */
export async function createAiShareCounter(
  db: Db,
  campaignId: number,
  included: boolean,
): Promise<{ add(item: { votes: number; aiVotes: number }): void; addRawRow(ai: boolean): void; result(): AiShare }> {
  const share: AiShare = {
    included,
    judges: (await judgesOfCampaign(db, campaignId)).map(({ model, promptVersion, judgments }) => ({ model, promptVersion, judgments })),
    votes: 0,
    aiVotes: 0,
    itemsAiOnly: 0,
  };
  return {
    add(item) {
      share.votes += item.votes;
      share.aiVotes += item.aiVotes;
      if (item.votes > 0 && item.aiVotes === item.votes) share.itemsAiOnly++;
    },
    addRawRow(ai) {
      share.rawRows ??= { rows: 0, ai: 0 };
      share.rawRows.rows++;
      if (ai) share.rawRows.ai++;
    },
    result: () => share,
  };
}

const pct = (part: number, whole: number) => (whole > 0 ? `${((100 * part) / whole).toFixed(1)}%` : "0%");

/** One sentence on the AI share and model, the same in the QA report and the data card. */
export function aiShareLine(share: AiShare): string {
  const judges = share.judges.map((j) => `${j.model} (prompt ${j.promptVersion}, ${j.judgments} verdicts)`).join(", ");
  if (share.judges.length === 0) return "AI labels: none; no AI judge scored this campaign.";
  // A raw file has no labels: it is the share of its judgment rows.
  if (share.rawRows)
    return `AI judgments: ${share.rawRows.ai} of the ${share.rawRows.rows} judgments in this file (${pct(share.rawRows.ai, share.rawRows.rows)}) are the AI judge's, by ${judges}, each with source "ai", its model, prompt version and raw answers.`;
  if (!share.included) return `AI labels: none of the labels. The verdicts of ${judges} are left out (--include-ai counts them).`;
  return `AI labels: ${share.aiVotes} of the ${share.votes} votes behind the labels (${pct(share.aiVotes, share.votes)}) are the AI judge's, by ${judges}; ${share.itemsAiOnly === 1 ? "1 item is" : `${share.itemsAiOnly} items are`} labeled by the judge alone.`;
}
