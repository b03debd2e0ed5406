import type { DispatchDeps } from "../core/dispatch-context.js";

/**
 * Work that falls due at a stored time (a poll's close, a round's reminder, a lease's end). The
 * minute sweep calls every entry with the current time; each must be idempotent by state (a poll
 * closes in one transaction that checks it is still open), so a late or repeated sweep is harmless.
 */
type DueWork = (deps: DispatchDeps, now: Date) => Promise<void> | void;

/** One named piece of due work; the name is what the log says when it fails. */
export interface DueWorkEntry {
  name: string;
  work: DueWork;
}
