import type { Db } from "../database.js";
import type { prescoreRuns } from "../schema/index.js";
import { statement } from "../statement.js";
import { onConnection } from "../transaction.js";

export type PrescoreRunRow = typeof prescoreRuns.$inferSelect;

/** A run's columns under their record names (times still epoch milliseconds), for SELECT and RETURNING. */
const RUN_COLUMNS = `id, campaign_id AS "campaignId", judge_id AS "judgeId", status, owner, requested_by AS "requestedBy", started_at AS "startedAt",
  heartbeat_at AS "heartbeatAt", finished_at AS "finishedAt", planned, scored, failed, requests, retries, prompt_tokens AS "promptTokens",
  completion_tokens AS "completionTokens", errors, note`;

type RawRun = Omit<PrescoreRunRow, "startedAt" | "heartbeatAt" | "finishedAt"> & { startedAt: number; heartbeatAt: number; finishedAt: number | null };

const toRun = (r: RawRun): PrescoreRunRow => ({
  ...r,
  startedAt: new Date(r.startedAt),
  heartbeatAt: new Date(r.heartbeatAt),
  finishedAt: r.finishedAt === null ? null : new Date(r.finishedAt),
});

/** The campaign's run marked running, if any (it may belong to a process that died). */
export function runningRun(db: Db, campaignId: number): Promise<PrescoreRunRow | undefined> {
  return onConnection(db, async () => {
    const raw = await statement<[number], RawRun>(
      db,
      `SELECT ${RUN_COLUMNS} FROM prescore_runs WHERE campaign_id = ? AND status = 'running' ORDER BY id DESC LIMIT 1`,
    ).get(campaignId);
    return raw ? toRun(raw) : undefined;
  });
}

export function insertRun(
  db: Db,
  run: { campaignId: number; judgeId: number; owner: string; requestedBy: string; planned: number; at: Date },
): Promise<PrescoreRunRow> {
  return onConnection(db, async () => {
    const raw = await statement<[number, number, string, string, number, number, number], RawRun>(
      db,
      `INSERT INTO prescore_runs (campaign_id, judge_id, status, owner, requested_by, planned, started_at, heartbeat_at)
       VALUES (?, ?, 'running', ?, ?, ?, ?, ?) RETURNING ${RUN_COLUMNS}`,
    ).get(run.campaignId, run.judgeId, run.owner, run.requestedBy, run.planned, run.at.getTime(), run.at.getTime());
    return toRun(raw!);
  });
}
/** Adds what a stretch of a run did to its totals, and beats its heartbeat (once a pair: prepared once). */
export function addRunProgress(
  db: Db,
  runId: number,
  delta: { scored: number; failed: number; requests: number; retries: number; promptTokens: number; completionTokens: number },
  at: Date,
): Promise<void> {
  return onConnection(db, async () => {
    await statement<
      [{ scored: number; failed: number; requests: number; retries: number; promptTokens: number; completionTokens: number; at: number; runId: number }]
    >(
      db,
      `UPDATE prescore_runs SET scored = scored + @scored, failed = failed + @failed, requests = requests + @requests, retries = retries + @retries,
       prompt_tokens = prompt_tokens + @promptTokens, completion_tokens = completion_tokens + @completionTokens, heartbeat_at = @at WHERE id = @runId`,
    ).run({ ...delta, at: at.getTime(), runId });
  });
}

/** Ends a run (or marks one whose process died as interrupted). */
export function finishRun(
  db: Db,
  runId: number,
  end: { status: "done" | "interrupted" | "failed"; errors?: { item: string; error: string }[]; note?: string | null; at: Date },
): Promise<void> {
  // CASE on flags rather than COALESCE: a note given as null clears it, a note not given keeps it.
  return onConnection(db, async () => {
    await statement<[{ id: number; status: string; at: number; errors: string | null; setNote: number; note: string | null }]>(
      db,
      `UPDATE prescore_runs SET status = @status, finished_at = @at, errors = COALESCE(@errors, errors),
         note = CASE WHEN @setNote = 1 THEN @note ELSE note END WHERE id = @id`,
    ).run({
      id: runId,
      status: end.status,
      at: end.at.getTime(),
      errors: end.errors ? JSON.stringify(end.errors) : null,
      setNote: end.note !== undefined ? 1 : 0,
      note: end.note ?? null,
    });
  });
}
