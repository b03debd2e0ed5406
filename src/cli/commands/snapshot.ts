import type { Command } from "commander";
import { PairwiseError } from "../../errors.js";
import { cliOutput, withCliContext } from "../context.js";

const HELP = `
Every export is a snapshot (id, SHA-256, options, agreement), and the pipeline API keeps each
snapshot's files in snapshots/ beside the database. Pruning removes the files of old snapshots and
keeps their records: ids, hashes and outcomes still trace a model to its data; the files answer
404. Exports written with \`pairwise export --out\` elsewhere are yours and are never touched.

Examples:
  pairwise snapshot prune --older-than 30 --dry-run
  pairwise snapshot prune --older-than 90`;

/** Whole days, as `--older-than` takes them. */
function days(value: string): number {
  const n = Number(value.replace(/d$/, ""));
  if (!Number.isInteger(n) || n < 1) throw new PairwiseError("VALIDATION", `--older-than takes a whole number of days, such as 30; got "${value}".`);
  return n;
}

const megabytes = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;

export function registerSnapshotCommand(program: Command): void {
  const snapshot = program.command("snapshot").description("Look after export snapshots: remove old snapshots' files").addHelpText("after", HELP);
  snapshot
    .command("prune")
    .description("Remove the files of snapshots older than some days (their records stay)")
    .requiredOption("--older-than <days>", "whole days, such as 30")
    .option("--dry-run", "say what would be removed; remove nothing")
    .action(async (options: { olderThan: string; dryRun?: boolean }) => {
      const age = days(options.olderThan);
      const [{ pruneSnapshotFiles }, { snapshotsDirOf }] = await Promise.all([import("../../services/api/prune-snapshots.js"), import("../../paths.js")]);
      await withCliContext(async (ctx, config) => {
        const before = new Date(ctx.clock.now().getTime() - age * 86_400_000);
        const r = await pruneSnapshotFiles(ctx, { snapshotsDir: snapshotsDirOf(config.databasePath), before, dryRun: options.dryRun ?? false });
        for (const s of r.removed) cliOutput.out(`${s.id}\t${s.campaign}\t${megabytes(s.bytes)}`);
        const verb = options.dryRun ? "Would remove" : "Removed";
        const notes = [
          r.elsewhere > 0 ? `${r.elsewhere} exported elsewhere with --out left as they are` : "",
          r.alreadyGone > 0 ? `${r.alreadyGone} had no files left` : "",
        ].filter(Boolean);
        cliOutput.err(
          `${verb} the files of ${r.removed.length} snapshot${r.removed.length === 1 ? "" : "s"} older than ${age} day${age === 1 ? "" : "s"} (${megabytes(r.bytes)}); their records, hashes and outcomes stay.${notes.length > 0 ? ` Of the older ones, ${notes.join("; ")}.` : ""}`,
        );
      });
    });
}
