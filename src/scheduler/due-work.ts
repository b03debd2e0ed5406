import type { DispatchDeps } from "../core/dispatch-context.js";

/**
 * Work that falls due at a stored time (a poll's close, a round's reminder, a lease's end). The
 * minute sweep calls every entry with the current time; each must be idempotent by state (a poll
 * closes in one transaction that checks it is still open), so a late or repeated sweep is harmless.
 */
export type DueWork = (deps: DispatchDeps, now: Date) => Promise<void> | void;

const registry: { name: string; work: DueWork }[] = [];

/** Features register their due work at import time. */
export function registerDueWork(name: string, work: DueWork): void {
  if (!registry.some((entry) => entry.name === name)) registry.push({ name, work });
}

export function dueWork(): readonly { name: string; work: DueWork }[] {
  return registry;
}
