import { formatInZone } from "../../domain/format-time.js";
import { hostname } from "node:os";
import { PairwiseError } from "../../errors.js";
import { finishRun, insertRun, runningRun, type PrescoreRunRow } from "../../storage/repos/prescore-runs.repo.js";
import { withTransaction, type ServiceContext } from "../context.js";

/** A run whose heartbeat is older than this is taken over even when its owner cannot be checked (another host). */
const STALE_AFTER_MS = 10 * 60_000;

/** This process as a run owner: host and pid. */
function thisProcess(): string {
  return `${hostname()}:${process.pid}`;
}

/** Whether the process that owns a run still lives. Only a process on this host can be checked; others are trusted to heartbeat. */
function ownerAlive(owner: string): boolean | undefined {
  const at = owner.lastIndexOf(":");
  if (owner.slice(0, at) !== hostname()) return undefined;
  const pid = Number(owner.slice(at + 1));
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Starts a pre-scoring run of a campaign, one at a time: a run still going (its process alive and
 * beating) refuses a second one with a clear message; a run whose process died (killed, crashed)
 * is marked interrupted and taken over, and the new run picks up the pairs it left.
 */
export async function acquireRun(
  ctx: ServiceContext,
  input: { campaign: { id: number; name: string }; judgeId: number; requestedBy: string; planned: number },
): Promise<{ run: PrescoreRunRow; tookOver?: PrescoreRunRow }> {
  const now = ctx.clock.now();
  return await withTransaction(ctx, async () => {
    const running = await runningRun(ctx.db, input.campaign.id);
    let tookOver: PrescoreRunRow | undefined;
    if (running) {
      const alive = ownerAlive(running.owner);
      const fresh = now.getTime() - running.heartbeatAt.getTime() < STALE_AFTER_MS;
      if (alive === true || (alive === undefined && fresh)) {
        throw new PairwiseError(
          "CONFLICT",
          `Campaign "${input.campaign.name}" is being pre-scored already (run ${running.id}, started ${formatInZone(running.startedAt, ctx.timezone ?? "UTC")} by ${running.requestedBy}, ${running.scored} of ${running.planned} pairs so far). Wait for it, or stop it; a stopped run resumes where it left off.`,
        );
      }
      await finishRun(ctx.db, running.id, {
        status: "interrupted",
        note: `its process (${running.owner}) stopped; taken over by run started ${now.toISOString()}`,
        at: now,
      });
      tookOver = running;
    }
    const run = await insertRun(ctx.db, {
      campaignId: input.campaign.id,
      judgeId: input.judgeId,
      owner: thisProcess(),
      requestedBy: input.requestedBy,
      planned: input.planned,
      at: now,
    });
    return tookOver ? { run, tookOver } : { run };
  });
}
