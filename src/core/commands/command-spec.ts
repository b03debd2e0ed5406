import type { DispatchDeps } from "../dispatch-context.js";
import type { CommandInvoked, Reply } from "../events.js";

/**
 * Who may run a command, checked before `run` (core/lead-access.ts): everyone; the leads of the
 * campaign named by the first argument; or anyone who leads something (the command then shows
 * only what they lead).
 */
type CommandAccess = false | "campaign" | "listing";

/** One `/pairwise` subcommand. Lead commands are refused to everyone else before `run`. */
export interface CommandSpec {
  name: string;
  /** Lead commands: `"campaign"` (the first argument names it) or `"listing"`; false for everyone's commands. */
  lead: CommandAccess;
  /** Arguments as shown in help, e.g. `<campaign> [n]`. */
  usage: string;
  summary: string;
  /** Longer help, shown by `/pairwise help <name>`. */
  details?: string;
  run(deps: DispatchDeps, event: CommandInvoked): Reply | Promise<Reply>;
}
