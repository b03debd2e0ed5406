import type { Choice } from "../../domain/choice.js";
import { emitEvent } from "../webhooks/events.js";
import { PairwiseError } from "../../errors.js";
import type { CampaignRow } from "../../storage/repos/campaigns.repo.js";
import { findCampaignById } from "../../storage/repos/campaigns.repo.js";
import { PUBLISHED_ONLY } from "../../storage/repos/import-batches.repo.js";
import { prepared } from "../../storage/prepared.js";
import { campaignSettings } from "../find-campaign.js";
import { withTransaction, type ServiceContext } from "../context.js";
import { DEFAULT_CALIBRATION_ITEMS, recordCalibration, scoreCalibration, type CalibrationResult } from "./calibration.js";
import { ACTIVE_WINDOW_MS } from "./scheduled-gold-checks.js";
import { humanJudgment } from "../../storage/human-judgments.js";

export interface RoundRow {
  id: number;
  campaignId: number;
  runKey: string;
  status: "open" | "closed";
  itemIds: number[];
  opensAt: number;
  remindAt: number;
  closesAt: number;
  announcements: { platform: string; channelId: string; messageId: string }[];
}

const toRound = (r: Record<string, unknown>): RoundRow => ({
  id: r.id as number,
  campaignId: r.campaign_id as number,
  runKey: r.run_key as string,
  status: r.status as RoundRow["status"],
  itemIds: JSON.parse(r.items as string) as number[],
  opensAt: r.opens_at as number,
  remindAt: r.remind_at as number,
  closesAt: r.closes_at as number,
  announcements: JSON.parse(r.announcements as string) as RoundRow["announcements"],
});

/** "48h", "90m", "2d" in milliseconds. */
function durationMs(text: string): number {
  const m = /^(\d+)\s*([mhd])$/.exec(text.trim());
  if (!m) throw new PairwiseError("VALIDATION", `"${text}" is not a duration such as 90m, 48h or 2d.`);
  return Number(m[1]) * { m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as "m" | "h" | "d"];
}

/**
 * Opens a calibration round (idempotent per run key): the campaign's least-used calibration items,
 * a window from the campaign file (default 48 h), a reminder at three quarters of the window.
 */
export function openRound(ctx: ServiceContext, input: { campaign: CampaignRow; runKey: string; at: Date }): { round: RoundRow; created: boolean } {
  const settings = campaignSettings(input.campaign);
  const count = settings.calibration?.items ?? DEFAULT_CALIBRATION_ITEMS;
  const window = durationMs(settings.calibration?.window ?? "48h");
  return withTransaction(ctx, () => {
    const existing = prepared(ctx.db, "SELECT * FROM calibration_rounds WHERE run_key = ?").get(input.runKey) as Record<string, unknown> | undefined;
    if (existing) return { round: toRound(existing), created: false };
    const items = (
      prepared(
        ctx.db,
        `SELECT c.id FROM comparisons c WHERE c.campaign_id = ? AND c.kind = 'calibration' AND c.gold_answer IS NOT NULL AND ${PUBLISHED_ONLY} ORDER BY c.active_count ASC, c.id LIMIT ?`,
      ).all(input.campaign.id, count) as { id: number }[]
    ).map((r) => r.id);
    if (items.length === 0) {
      throw new PairwiseError(
        "CONFLICT",
        `Campaign "${input.campaign.name}" has no calibration items. Import rows with "kind": "calibration", a "reference" and an "explanation" first.`,
      );
    }
    const at = input.at.getTime();
    const row = prepared(
      ctx.db,
      "INSERT INTO calibration_rounds (campaign_id, run_key, items, opens_at, remind_at, closes_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING *",
    ).get(input.campaign.id, input.runKey, JSON.stringify(items), at, at + Math.floor(window * 0.75), at + window) as Record<string, unknown>;
    return { round: toRound(row), created: true };
  });
}

function findRound(ctx: ServiceContext, id: number): RoundRow | undefined {
  const row = prepared(ctx.db, "SELECT * FROM calibration_rounds WHERE id = ?").get(id) as Record<string, unknown> | undefined;
  return row ? toRound(row) : undefined;
}

/** The open round of a campaign this annotator started and has not finished, if any. */
export function activeRoundFor(ctx: ServiceContext, campaignId: number, annotatorId: number): RoundRow | undefined {
  const row = prepared(
    ctx.db,
    "SELECT r.* FROM calibration_rounds r JOIN round_participants p ON p.round_id = r.id WHERE r.campaign_id = ? AND r.status = 'open' AND p.annotator_id = ? AND p.finished_at IS NULL ORDER BY r.id DESC LIMIT 1",
  ).get(campaignId, annotatorId) as Record<string, unknown> | undefined;
  return row ? toRound(row) : undefined;
}

export function recordAnnouncements(ctx: ServiceContext, roundId: number, refs: RoundRow["announcements"]): void {
  prepared(ctx.db, "UPDATE calibration_rounds SET announcements = ? WHERE id = ?").run(JSON.stringify(refs), roundId);
}

/** Joins a round (the Start button). Refused once the round is closed. */
export function joinRound(ctx: ServiceContext, roundId: number, annotatorId: number): RoundRow {
  const round = findRound(ctx, roundId);
  if (!round) throw new PairwiseError("NOT_FOUND", "This calibration round no longer exists.");
  if (round.status !== "open" || ctx.clock.now().getTime() >= round.closesAt)
    throw new PairwiseError("CONFLICT", "This calibration round is closed. The next one will be announced here.");
  prepared(
    ctx.db,
    "INSERT INTO round_participants (round_id, annotator_id, started_at) VALUES (?, ?, ?) ON CONFLICT (round_id, annotator_id) DO UPDATE SET started_at = coalesce(started_at, excluded.started_at)",
  ).run(roundId, annotatorId, ctx.clock.now().getTime());
  return round;
}

export function markFinished(ctx: ServiceContext, roundId: number, annotatorId: number): void {
  prepared(ctx.db, "UPDATE round_participants SET finished_at = ? WHERE round_id = ? AND annotator_id = ? AND finished_at IS NULL").run(
    ctx.clock.now().getTime(),
    roundId,
    annotatorId,
  );
}

export interface Reminder {
  round: RoundRow;
  campaign: CampaignRow;
  /** People who have not finished: started ones, and active annotators who have not begun. */
  people: { platform: string; workspaceId: string; userId: string; started: boolean }[];
}

/** Rounds whose reminder time has come: each reminded once. */
export function dueReminders(ctx: ServiceContext, now: Date): Reminder[] {
  const due = prepared(ctx.db, "SELECT * FROM calibration_rounds WHERE status = 'open' AND reminded = 0 AND remind_at <= ? AND closes_at > ?").all(
    now.getTime(),
    now.getTime(),
  ) as Record<string, unknown>[];
  return due.map((raw) =>
    withTransaction(ctx, () => {
      const round = toRound(raw);
      prepared(ctx.db, "UPDATE calibration_rounds SET reminded = 1 WHERE id = ?").run(round.id);
      const people = prepared(
        ctx.db,
        `SELECT a.platform, a.workspace_id AS workspaceId, a.user_id AS userId, p.started_at IS NOT NULL AS started
         FROM annotators a LEFT JOIN round_participants p ON p.annotator_id = a.id AND p.round_id = @round
         WHERE a.platform NOT IN ('external', 'ai') AND a.status <> 'suspended'
           AND (SELECT count(*) FROM judgments j WHERE j.annotator_id = a.id AND j.comparison_id IN (SELECT value FROM json_each(@items))) < @count
           AND (p.started_at IS NOT NULL OR EXISTS (SELECT 1 FROM judgments j WHERE j.annotator_id = a.id AND j.campaign_id = @campaign AND j.created_at >= @active AND ${humanJudgment("j")}))`,
      ).all({
        round: round.id,
        campaign: round.campaignId,
        active: now.getTime() - ACTIVE_WINDOW_MS,
        items: JSON.stringify(round.itemIds),
        count: round.itemIds.length,
      }) as Reminder["people"];
      return { round, campaign: findCampaignById(ctx.db, round.campaignId)!, people: people.map((p) => ({ ...p, started: Boolean(p.started) })) };
    }),
  );
}

export interface RoundResult {
  round: RoundRow;
  campaign: CampaignRow;
  results: { platform: string; workspaceId: string; userId: string; displayName: string | null; result: CalibrationResult; statusChanged: boolean }[];
  /** Items where the group split most, with the reference and anonymized rationale excerpts. */
  /** The items the group split on most; `responseA`/`responseB` are the stored texts (readers saw them in their own orders). */
  splits: {
    comparisonId: number;
    externalId: string;
    reference: Choice;
    explanation: string;
    agreement: number;
    responseA: string;
    responseB: string;
    answers: { choice: Choice; rationale: string | null }[];
  }[];
}

/**
 * Closes the rounds whose window ended (each once): scores every participant with Cohen's kappa
 * against the references, qualifies those who pass and flags those who do not, and picks the items
 * where the group split most for discussion.
 */
export function closeDueRounds(ctx: ServiceContext, now: Date): RoundResult[] {
  const due = prepared(ctx.db, "SELECT * FROM calibration_rounds WHERE status = 'open' AND closes_at <= ?").all(now.getTime()) as Record<string, unknown>[];
  return due
    .map((raw) =>
      withTransaction(ctx, (): RoundResult | undefined => {
        const round = toRound(raw);
        if (prepared(ctx.db, "UPDATE calibration_rounds SET status = 'closed' WHERE id = ? AND status = 'open'").run(round.id).changes === 0) return undefined;
        const campaign = findCampaignById(ctx.db, round.campaignId)!;
        const ids = JSON.stringify(round.itemIds);
        const people = prepared(
          ctx.db,
          `SELECT DISTINCT a.id, a.platform, a.workspace_id, a.user_id, a.display_name FROM judgments j JOIN annotators a ON a.id = j.annotator_id WHERE j.comparison_id IN (SELECT value FROM json_each(?)) AND a.platform <> 'external' AND ${humanJudgment("j")}`,
        ).all(ids) as { id: number; platform: string; workspace_id: string; user_id: string; display_name: string | null }[];
        const results = people.map((p) => {
          const result = scoreCalibration(ctx, campaign, p.id, round.itemIds);
          const statusChanged = recordCalibration(ctx, p.id, result.passed, now.getTime());
          prepared(
            ctx.db,
            "INSERT INTO round_participants (round_id, annotator_id, kappa, accuracy, passed) VALUES (?, ?, ?, ?, ?) ON CONFLICT (round_id, annotator_id) DO UPDATE SET kappa = excluded.kappa, accuracy = excluded.accuracy, passed = excluded.passed",
          ).run(round.id, p.id, result.kappa, result.accuracy, result.passed ? 1 : 0);
          return { platform: p.platform, workspaceId: p.workspace_id, userId: p.user_id, displayName: p.display_name, result, statusChanged };
        });
        const splits = round.itemIds
          .map((id) => {
            const item = prepared(ctx.db, "SELECT external_id, gold_answer, gold_explanation, response_a, response_b FROM comparisons WHERE id = ?").get(
              id,
            ) as { external_id: string; gold_answer: Choice; gold_explanation: string | null; response_a: string; response_b: string };
            const answers = prepared(
              ctx.db,
              `SELECT j.choice, j.rationale FROM judgments j JOIN annotators a ON a.id = j.annotator_id WHERE j.comparison_id = ? AND a.platform <> 'external' AND ${humanJudgment("j")} ORDER BY j.id`,
            ).all(id) as { choice: Choice; rationale: string | null }[];
            const counts = new Map<Choice, number>();
            for (const a of answers) counts.set(a.choice, (counts.get(a.choice) ?? 0) + 1);
            const top = Math.max(0, ...counts.values());
            return {
              comparisonId: id,
              externalId: item.external_id,
              reference: item.gold_answer,
              explanation: item.gold_explanation ?? "",
              agreement: answers.length > 0 ? top / answers.length : 1,
              responseA: item.response_a,
              responseB: item.response_b,
              answers,
            };
          })
          .filter((s) => s.answers.length >= 2 && s.agreement < 1)
          .sort((a, b) => a.agreement - b.agreement)
          .slice(0, 3);
        const passed = results.filter((r) => r.result.passed).length;
        prepared(ctx.db, "UPDATE calibration_rounds SET summary = ? WHERE id = ?").run(
          JSON.stringify({ participants: results.length, passed, splits: splits.map((s) => s.externalId) }),
          round.id,
        );
        emitEvent(ctx.db, {
          campaignId: campaign.id,
          campaign: campaign.name,
          type: "calibration.closed",
          key: String(round.id),
          data: { round_id: round.id, participants: results.length, passed },
          now: now.getTime(),
        });
        const closed: RoundRow = { ...round, status: "closed" };
        return { round: closed, campaign, results, splits };
      }),
    )
    .filter((r): r is RoundResult => r !== undefined);
}
