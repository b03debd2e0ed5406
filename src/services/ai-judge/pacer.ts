import { JudgeCallError } from "./judge-port.js";

/** Hands out the right to start a request: at most `concurrency` in flight, spaced for `requestsPerMinute`, none during a pause. */
export interface Pacer {
  /** Resolves with a release function once a request may start; rejects with `aborted` if the signal fires first. */
  acquire(signal?: AbortSignal): Promise<() => void>;
  /** Holds every new request for `ms` (a 429 with Retry-After is about the server, not one request). */
  pauseFor(ms: number): void;
}

interface Waiter {
  start: (release: () => void) => void;
}

export function createPacer(options: { concurrency: number; requestsPerMinute?: number | undefined; now?: () => number }): Pacer {
  const now = options.now ?? Date.now;
  const spacing = options.requestsPerMinute ? 60_000 / options.requestsPerMinute : 0;
  const queue: Waiter[] = [];
  let inFlight = 0;
  let nextStartAt = 0;
  let pausedUntil = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const pump = (): void => {
    while (queue.length > 0 && inFlight < options.concurrency) {
      const wait = Math.max(pausedUntil, nextStartAt) - now();
      if (wait > 0) {
        if (!timer) {
          timer = setTimeout(() => {
            timer = undefined;
            pump();
          }, wait);
        }
        return;
      }
      const waiter = queue.shift()!;
      inFlight++;
      nextStartAt = now() + spacing;
      let released = false;
      waiter.start(() => {
        if (released) return;
        released = true;
        inFlight--;
        pump();
      });
    }
  };

  return {
    acquire(signal) {
      return new Promise((resolve, reject) => {
        if (signal?.aborted) return reject(new JudgeCallError("aborted", "the run was stopped"));
        const waiter: Waiter = {
          start: (release) => {
            signal?.removeEventListener("abort", onAbort);
            resolve(release);
          },
        };
        const onAbort = () => {
          const i = queue.indexOf(waiter);
          if (i >= 0) queue.splice(i, 1);
          reject(new JudgeCallError("aborted", "the run was stopped"));
        };
        signal?.addEventListener("abort", onAbort, { once: true });
        queue.push(waiter);
        pump();
      });
    },
    pauseFor(ms) {
      pausedUntil = Math.max(pausedUntil, now() + ms);
      if (timer) {
        clearTimeout(timer);
        timer = undefined;
      }
      pump();
    },
  };
}

/** Waits `ms`, or rejects with `aborted` when the signal fires first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new JudgeCallError("aborted", "the run was stopped"));
    const onAbort = () => {
      clearTimeout(handle);
      reject(new JudgeCallError("aborted", "the run was stopped"));
    };
    const handle = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
