import { groupCommit } from "../storage/group-commit.js";
import type { ServiceContext } from "./context.js";

/**
 * Runs `work` (database work only, no network calls) in a commit shared with the other work that arrives in the
 * same turn of the event loop: one fsync for many votes. Resolves only after that commit, so a
 * person is told "saved" only once it is on disk (storage/group-commit.ts says how).
 */
export function inSharedCommit<T>(ctx: ServiceContext, work: () => Promise<T>): Promise<T> {
  return groupCommit(ctx.db).run(work);
}
