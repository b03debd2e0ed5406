import type { Choice } from "../../domain/choice.js";
import type { ChatTurn } from "../../domain/comparison.js";
import type { Db } from "../../storage/database.js";
import { rawJudgmentRows } from "../../storage/repos/raw-judgments.repo.js";
import { annotatorNamer } from "./annotator-name.js";
import type { ExportFilters } from "./labeled-items.js";
import { answersOfPair } from "../../storage/repos/judge-answers.repo.js";
import type { RawJudgmentRow } from "../../storage/repos/raw-judgments.repo.js";

/** One line of the raw export: a judgment with everything known about it. */
export interface RawJudgmentRecord {
  judgment_id: number;
  campaign: string;
  item_id: string;
  item_kind: string;
  prompt: ChatTurn[];
  response_a: string;
  response_b: string;
  model_a: string | null;
  model_b: string | null;
  tags: string[];
  metadata: Record<string, unknown>;
  gold_answer: Choice | null;
  gold_explanation: string | null;
  annotator: string;
  annotator_platform: string;
  choice: Choice;
  /** Which stored response was shown first: "a" or "b" (null for imported judgments). */
  shown_first: "a" | "b" | null;
  time_taken_ms: number | null;
  rationale: string | null;
  confidence: number | null;
  difficulty: string | null;
  /**
   * Why the judgment is flagged, one entry per anomaly (too fast, straight-lining, position bias,
   * a rationale contradicting the vote, a peer reviewer disagreeing). Flagged judgments do not count
   * toward labels in the other formats unless `--include-flagged`.
   */
  flags: { kind: string; detail: string }[];
  /** What the annotator flagged about the responses in the rationale form (hallucination, unsafe …). */
  annotator_flags: string[];
  rubric_scores: Record<string, { a?: number; b?: number }>;
  guideline_version: number | null;
  /** `platform`, `import`, or `ai` (the AI judge: see `ai`). */
  source: string;
  revision: number;
  created_at: string;
  updated_at: string;
  /** For people's votes: what they could see of the AI judge's verdict (the campaign's aiJudge.show then), or null. */
  ai_shown: string | null;
  /** For the AI judge's verdicts: its provenance and both answers as the server gave them; null for people. */
  ai: AiProvenance | null;
}

interface AiProvenance {
  model: string;
  prompt_version: string;
  confidence: number;
  orders_agree: boolean;
  route: string;
  /** Human judgments the pair wanted before and after the verdict routed it. */
  target_before: number;
  target_after: number;
  answers: {
    order: "a_first" | "b_first";
    choice: Choice;
    probability: number | null;
    explanation: string | null;
    raw: string;
    via: string;
    structured: boolean;
    prompt_tokens: number | null;
    completion_tokens: number | null;
  }[];
}

export interface RawExportOptions {
  campaignId: number;
  /** Show platform user ids instead of pseudonyms. */
  realIds?: boolean;
  /** The judgment filters (dates, guideline version, qualified only); the raw export keeps flagged judgments, with their reasons. */
  filters?: Pick<ExportFilters, "since" | "until" | "guidelineVersion" | "qualifiedOnly">;
}

/**
 * Streams every judgment of a campaign (within the judgment filters), oldest first, one row at a
 * time (better-sqlite3's `iterate`), so a million judgments never sit in memory.
 */
export async function* rawJudgments(db: Db, options: RawExportOptions): AsyncGenerator<RawJudgmentRecord> {
  const name = await annotatorNamer(db, { realIds: options.realIds ?? false });
  const rows = rawJudgmentRows(db, options.campaignId, options.filters ?? {});
  for await (const r of rows) {
    const identity = { platform: r.platform, workspaceId: r.workspace_id, userId: r.user_id };
    const annotator = name(identity);
    const order = r.display_order;
    yield {
      judgment_id: r.id,
      campaign: r.campaign_name,
      item_id: r.external_id,
      item_kind: r.item_kind,
      prompt: JSON.parse(r.prompt) as ChatTurn[],
      response_a: r.response_a,
      response_b: r.response_b,
      model_a: r.model_a,
      model_b: r.model_b,
      tags: JSON.parse(r.tags) as string[],
      metadata: JSON.parse(r.metadata) as Record<string, unknown>,
      gold_answer: r.gold_answer,
      gold_explanation: r.gold_explanation,
      annotator,
      annotator_platform: identity.platform,
      choice: r.choice,
      shown_first: order === null ? null : order === "ab" ? "a" : "b",
      time_taken_ms: r.time_taken_ms,
      rationale: r.rationale,
      confidence: r.confidence,
      difficulty: r.difficulty,
      flags: JSON.parse(r.quality_flags) as RawJudgmentRecord["flags"],
      annotator_flags: JSON.parse(r.flags) as string[],
      rubric_scores: JSON.parse(r.rubric_scores) as RawJudgmentRecord["rubric_scores"],
      guideline_version: r.guideline_version,
      source: r.source,
      revision: r.revision,
      created_at: new Date(r.created_at).toISOString(),
      updated_at: new Date(r.updated_at).toISOString(),
      ai_shown: r.ai_shown,
      ai: r.source === "ai" && r.ai_model !== null ? await aiProvenance(db, r) : null,
    };
  }
}

async function aiProvenance(db: Db, r: RawJudgmentRow): Promise<AiProvenance> {
  return {
    model: r.ai_model!,
    prompt_version: r.ai_prompt_version!,
    confidence: r.ai_confidence!,
    orders_agree: r.ai_orders_agree === 1,
    route: r.ai_route!,
    target_before: r.ai_target_before!,
    target_after: r.ai_target_after!,
    answers: (await answersOfPair(db, r.comparison_id, r.annotator_id)).map((a) => ({
      order: a.displayOrder === "ab" ? "a_first" : "b_first",
      choice: a.choice,
      probability: a.probability,
      explanation: a.explanation,
      raw: a.raw,
      via: a.via,
      structured: a.structured,
      prompt_tokens: a.promptTokens,
      completion_tokens: a.completionTokens,
    })),
  };
}
