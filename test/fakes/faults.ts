/**
 * A fault a fake platform injects into its answers: an error status (a 5xx, or 429 with
 * Retry-After), a slow answer, or both; optionally one whose call still takes effect.
 */
export interface Fault {
  /** Answer this status instead (429 carries Retry-After). Without it the call is answered normally, after `delayMs`. */
  status?: number;
  /** Seconds a 429 asks the client to wait (Retry-After). */
  retryAfter?: number;
  /** Slack: the `error` string of the failure's body. */
  error?: string;
  /** Hold each call this long before handling it: a slow API (deadlines are checked when it is handled). */
  delayMs?: number;
  /** The call takes effect (a message is posted) and the failure is answered anyway: a response lost on the way back. */
  landed?: boolean;
  /** The call takes effect and is never answered (until the fake stops): the caller waits, as a process that dies mid-call. */
  hang?: boolean;
  /** How many calls it hits; every matching call until removed when omitted. */
  count?: number;
}

interface ActiveFault<K> {
  matches: (key: K) => boolean;
  fault: Fault;
  left: number;
}

/** The faults a fake holds, matched in the order they were added; each call takes the first that matches. */
export class FaultPlan<K> {
  private readonly active: ActiveFault<K>[] = [];

  /** Adds a fault; returns a function that removes it. */
  add(matches: (key: K) => boolean, fault: Fault): () => void {
    const entry: ActiveFault<K> = { matches, fault, left: fault.count ?? Number.POSITIVE_INFINITY };
    this.active.push(entry);
    return () => {
      const i = this.active.indexOf(entry);
      if (i >= 0) this.active.splice(i, 1);
    };
  }

  /** The fault for this call, if any (its count goes down by one). */
  take(key: K): Fault | undefined {
    const entry = this.active.find((e) => e.left > 0 && e.matches(key));
    if (!entry) return undefined;
    entry.left -= 1;
    return entry.fault;
  }

  clear(): void {
    this.active.length = 0;
  }
}

export const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
