import type { Choice } from "../../domain/choice.js";
import { emitEvent } from "../webhooks/events.js";
import { PairwiseError } from "../../errors.js";
import type { CampaignRow } from "../../storage/repos/campaigns.repo.js";
import { findCampaignById } from "../../storage/repos/campaigns.repo.js";
import { campaignSettings } from "../find-campaign.js";
import { withTransaction, type ServiceContext } from "../context.js";
import { DEFAULT_CALIBRATION_ITEMS, recordCalibration, scoreCalibration, type CalibrationResult } from "./calibration.js";
import { ACTIVE_WINDOW_MS } from "./scheduled-gold-checks.js";
import { leastUsedCalibrationItems } from "../../storage/repos/calibration-items.repo.js";
import {
  activeRoundOf,
  closeRound,
  finishRoundParticipation,
  findRound,
  findRoundByRunKey,
  insertRound,
  markRoundReminded,
  peopleAnswersOnItem,
  recordRoundScore,
  respondentsOfItems,
  roundInviteesToRemind,
  roundItem,
  roundsDueForReminder,
  roundsDueToClose,
  setRoundAnnouncements,
  setRoundSummary,
  startRoundParticipation,
  type CalibrationRound,
  type RoundInvitee,
} from "../../storage/repos/calibration-rounds.repo.js";

export type RoundRow = CalibrationRound;

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
export async function openRound(
  ctx: ServiceContext,
  input: { campaign: CampaignRow; runKey: string; at: Date },
): Promise<{ round: RoundRow; created: boolean }> {
  const settings = campaignSettings(input.campaign);
  const count = settings.calibration?.items ?? DEFAULT_CALIBRATION_ITEMS;
  const window = durationMs(settings.calibration?.window ?? "48h");
  return await withTransaction(ctx, async () => {
    const existing = await findRoundByRunKey(ctx.db, input.runKey);
    if (existing) return { round: existing, created: false };
    const items = await leastUsedCalibrationItems(ctx.db, input.campaign.id, count);
    if (items.length === 0) {
      throw new PairwiseError(
        "CONFLICT",
        `Campaign "${input.campaign.name}" has no calibration items. Import rows with "kind": "calibration", a "reference" and an "explanation" first.`,
      );
    }
    const at = input.at.getTime();
    const round = await insertRound(ctx.db, {
      campaignId: input.campaign.id,
      runKey: input.runKey,
      itemIds: items,
      opensAt: at,
      remindAt: at + Math.floor(window * 0.75),
      closesAt: at + window,
    });
    return { round, created: true };
  });
}

/** The open round of a campaign this annotator started and has not finished, if any. */
export async function activeRoundFor(ctx: ServiceContext, campaignId: number, annotatorId: number): Promise<RoundRow | undefined> {
  return await activeRoundOf(ctx.db, campaignId, annotatorId);
}

export async function recordAnnouncements(ctx: ServiceContext, roundId: number, refs: RoundRow["announcements"]): Promise<void> {
  await setRoundAnnouncements(ctx.db, roundId, refs);
}

/** Joins a round (the Start button). Refused once the round is closed. */
export async function joinRound(ctx: ServiceContext, roundId: number, annotatorId: number): Promise<RoundRow> {
  const round = await findRound(ctx.db, roundId);
  if (!round) throw new PairwiseError("NOT_FOUND", "This calibration round no longer exists.");
  if (round.status !== "open" || ctx.clock.now().getTime() >= round.closesAt)
    throw new PairwiseError("CONFLICT", "This calibration round is closed. The next one will be announced here.");
  await startRoundParticipation(ctx.db, roundId, annotatorId, ctx.clock.now().getTime());
  return round;
}

export async function markFinished(ctx: ServiceContext, roundId: number, annotatorId: number): Promise<void> {
  await finishRoundParticipation(ctx.db, roundId, annotatorId, ctx.clock.now().getTime());
}

export interface Reminder {
  round: RoundRow;
  campaign: CampaignRow;
  /** People who have not finished: started ones, and active annotators who have not begun. */
  people: RoundInvitee[];
}

/** Rounds whose reminder time has come: each reminded once. */
export async function dueReminders(ctx: ServiceContext, now: Date): Promise<Reminder[]> {
  const reminders: Reminder[] = [];
  for (const round of await roundsDueForReminder(ctx.db, now.getTime())) {
    reminders.push(
      await withTransaction(ctx, async () => {
        await markRoundReminded(ctx.db, round.id);
        const people = await roundInviteesToRemind(ctx.db, round, now.getTime() - ACTIVE_WINDOW_MS);
        return { round, campaign: (await findCampaignById(ctx.db, round.campaignId))!, people };
      }),
    );
  }
  return reminders;
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
export async function closeDueRounds(ctx: ServiceContext, now: Date): Promise<RoundResult[]> {
  const closed: RoundResult[] = [];
  for (const round of await roundsDueToClose(ctx.db, now.getTime())) {
    const result = await withTransaction(ctx, () => closeDueRound(ctx, round, now));
    if (result) closed.push(result);
  }
  return closed;
}

/** Closes one round (once: undefined when another process closed it first). One after another: each may open savepoints. */
async function closeDueRound(ctx: ServiceContext, round: RoundRow, now: Date): Promise<RoundResult | undefined> {
  if (!(await closeRound(ctx.db, round.id))) return undefined;
  const campaign = (await findCampaignById(ctx.db, round.campaignId))!;
  const results: RoundResult["results"] = [];
  for (const p of await respondentsOfItems(ctx.db, round.itemIds)) {
    const result = await scoreCalibration(ctx, campaign, p.id, round.itemIds);
    const statusChanged = await recordCalibration(ctx, p.id, result.passed, now.getTime());
    await recordRoundScore(ctx.db, { roundId: round.id, annotatorId: p.id, kappa: result.kappa, accuracy: result.accuracy, passed: result.passed });
    results.push({ platform: p.platform, workspaceId: p.workspaceId, userId: p.userId, displayName: p.displayName, result, statusChanged });
  }
  const items: RoundResult["splits"] = [];
  for (const id of round.itemIds) {
    const item = (await roundItem(ctx.db, id))!;
    const answers = await peopleAnswersOnItem(ctx.db, id);
    const counts = new Map<Choice, number>();
    for (const a of answers) counts.set(a.choice, (counts.get(a.choice) ?? 0) + 1);
    const top = Math.max(0, ...counts.values());
    items.push({
      comparisonId: id,
      externalId: item.externalId,
      reference: item.reference,
      explanation: item.explanation ?? "",
      agreement: answers.length > 0 ? top / answers.length : 1,
      responseA: item.responseA,
      responseB: item.responseB,
      answers,
    });
  }
  const splits = items
    .filter((s) => s.answers.length >= 2 && s.agreement < 1)
    .sort((a, b) => a.agreement - b.agreement)
    .slice(0, 3);
  const passed = results.filter((r) => r.result.passed).length;
  await setRoundSummary(ctx.db, round.id, { participants: results.length, passed, splits: splits.map((s) => s.externalId) });
  await emitEvent(ctx.db, {
    campaignId: campaign.id,
    campaign: campaign.name,
    type: "calibration.closed",
    key: String(round.id),
    data: { round_id: round.id, participants: results.length, passed },
    now: now.getTime(),
  });
  return { round: { ...round, status: "closed" }, campaign, results, splits };
}
