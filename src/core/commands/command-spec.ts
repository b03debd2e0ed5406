import type { DispatchDeps } from "../dispatch-context.js";
import type { CommandInvoked, Reply } from "../events.js";

/** One `/pairwise` subcommand. Lead commands are refused to everyone else before `run`. */
export interface CommandSpec {
  name: string;
  /** Only leads (PAIRWISE_LEADS, or Discord's Manage Server) may run it. */
  lead: boolean;
  /** Arguments as shown in help, e.g. `<campaign> [n]`. */
  usage: string;
  summary: string;
  /** Longer help, shown by `/pairwise help <name>`. */
  details?: string;
  run(deps: DispatchDeps, event: CommandInvoked): Reply | Promise<Reply>;
}
