import type { Choice } from "../../domain/choice.js";
import type { ChatTurn } from "../../domain/comparison.js";
import type { Db } from "../../storage/database.js";
import { pseudonymSalt } from "../../storage/repos/meta.repo.js";
import { pseudonymize } from "./pseudonym.js";
import { answersOfPair } from "../../storage/repos/judge-answers.repo.js";

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
  annotator: string;
  annotator_platform: string;
  choice: Choice;
  /** Which stored response was shown first: "a" or "b" (null for imported judgments). */
  shown_first: "a" | "b" | null;
  time_taken_ms: number | null;
  rationale: string | null;
  confidence: number | null;
  difficulty: string | null;
  flags: string[];
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

export interface AiProvenance {
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
}

/**
 * Streams every judgment of a campaign, oldest first, one row at a time (better-sqlite3's
 * `iterate`), so a million judgments never sit in memory.
 */
export function* rawJudgments(db: Db, options: RawExportOptions): Generator<RawJudgmentRecord> {
  const salt = options.realIds ? "" : pseudonymSalt(db);
  const rows = db.$client
    .prepare(
      `SELECT j.*, c.name AS campaign_name, x.external_id, x.kind AS item_kind, x.prompt, x.response_a, x.response_b, x.model_a, x.model_b,
              x.tags, x.metadata, x.gold_answer, a.platform, a.workspace_id, a.user_id, g.version AS guideline_version,
              v.model AS ai_model, v.prompt_version AS ai_prompt_version, v.confidence AS ai_confidence, v.orders_agree AS ai_orders_agree,
              v.route AS ai_route, v.target_before AS ai_target_before, v.target_after AS ai_target_after
       FROM judgments j
       JOIN campaigns c ON c.id = j.campaign_id
       JOIN comparisons x ON x.id = j.comparison_id
       JOIN annotators a ON a.id = j.annotator_id
       LEFT JOIN guideline_versions g ON g.id = j.guideline_version_id
       LEFT JOIN ai_verdicts v ON v.judgment_id = j.id
       WHERE j.campaign_id = ? ORDER BY j.id`,
    )
    .iterate(options.campaignId) as IterableIterator<Record<string, unknown>>;
  for (const r of rows) {
    const identity = { platform: r.platform as string, workspaceId: r.workspace_id as string, userId: r.user_id as string };
    // External annotators (imported labels) and AI judges keep their names: they are not people of this deployment.
    const annotator = options.realIds || identity.platform === "external" || identity.platform === "ai" ? `${identity.platform}:${identity.userId}` : pseudonymize(salt, identity);
    const order = r.display_order as "ab" | "ba" | null;
    yield {
      judgment_id: r.id as number,
      campaign: r.campaign_name as string,
      item_id: r.external_id as string,
      item_kind: r.item_kind as string,
      prompt: JSON.parse(r.prompt as string) as ChatTurn[],
      response_a: r.response_a as string,
      response_b: r.response_b as string,
      model_a: r.model_a as string | null,
      model_b: r.model_b as string | null,
      tags: JSON.parse(r.tags as string) as string[],
      metadata: JSON.parse(r.metadata as string) as Record<string, unknown>,
      gold_answer: r.gold_answer as Choice | null,
      annotator,
      annotator_platform: identity.platform,
      choice: r.choice as Choice,
      shown_first: order === null ? null : order === "ab" ? "a" : "b",
      time_taken_ms: r.time_taken_ms as number | null,
      rationale: r.rationale as string | null,
      confidence: r.confidence as number | null,
      difficulty: r.difficulty as string | null,
      flags: JSON.parse(r.flags as string) as string[],
      rubric_scores: JSON.parse(r.rubric_scores as string) as RawJudgmentRecord["rubric_scores"],
      guideline_version: r.guideline_version as number | null,
      source: r.source as string,
      revision: r.revision as number,
      created_at: new Date(r.created_at as number).toISOString(),
      updated_at: new Date(r.updated_at as number).toISOString(),
      ai_shown: (r.ai_shown as string | null) ?? null,
      ai: r.source === "ai" && r.ai_model !== null ? aiProvenance(db, r) : null,
    };
  }
}

function aiProvenance(db: Db, r: Record<string, unknown>): AiProvenance {
  const answers = answersOfPair(db, r.comparison_id as number, r.annotator_id as number);
  return {
    model: r.ai_model as string,
    prompt_version: r.ai_prompt_version as string,
    confidence: r.ai_confidence as number,
    orders_agree: r.ai_orders_agree === 1,
    route: r.ai_route as string,
    target_before: r.ai_target_before as number,
    target_after: r.ai_target_after as number,
    answers: answers.map((a) => ({
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
