import { and, desc, eq } from "drizzle-orm";
import { sqliteOnly, type Db } from "../database.js";
import { prepared } from "../prepared.js";
import { prescoreRuns } from "../schema/index.js";
import { onConnection } from "../transaction.js";

export type PrescoreRunRow = typeof prescoreRuns.$inferSelect;

/** The campaign's run marked running, if any (it may belong to a process that died). */
export function runningRun(db: Db, campaignId: number): Promise<PrescoreRunRow | undefined> {
  return onConnection(db, () => {
    return sqliteOnly(db)
      .select()
      .from(prescoreRuns)
      .where(and(eq(prescoreRuns.campaignId, campaignId), eq(prescoreRuns.status, "running")))
      .orderBy(desc(prescoreRuns.id))
      .get();
  });
}

export function insertRun(
  db: Db,
  run: { campaignId: number; judgeId: number; owner: string; requestedBy: string; planned: number; at: Date },
): Promise<PrescoreRunRow> {
  return onConnection(db, () => {
    return sqliteOnly(db)
      .insert(prescoreRuns)
      .values({
        campaignId: run.campaignId,
        judgeId: run.judgeId,
        status: "running",
        owner: run.owner,
        requestedBy: run.requestedBy,
        planned: run.planned,
        startedAt: run.at,
        heartbeatAt: run.at,
      })
      .returning()
      .get();
  });
}

/** Adds what a stretch of a run did to its totals, and beats its heartbeat (once a pair: prepared once). */
export function addRunProgress(
  db: Db,
  runId: number,
  delta: { scored: number; failed: number; requests: number; retries: number; promptTokens: number; completionTokens: number },
  at: Date,
): Promise<void> {
  return onConnection(db, () => {
    prepared<
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
  return onConnection(db, () => {
    sqliteOnly(db)
      .update(prescoreRuns)
      .set({
        status: end.status,
        finishedAt: end.at,
        ...(end.errors ? { errors: JSON.stringify(end.errors) } : {}),
        ...(end.note !== undefined ? { note: end.note } : {}),
      })
      .where(eq(prescoreRuns.id, runId))
      .run();
  });
}
