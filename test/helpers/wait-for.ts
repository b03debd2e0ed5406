const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls `probe` (awaiting it when it answers with a promise) until it gives something truthy, and
 * returns that, for work an adapter does after it has answered (a DM, a leads' notice): no fixed
 * sleep to tune, and a clear failure after `timeoutMs` instead of a flaky one.
 */
export async function waitFor<T>(probe: () => T | undefined | false | null | Promise<T | undefined | false | null>, what: string, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(5);
  }
}

/** Waits until `count()` (say, the calls a fake recorded) has not grown for `quietMs`: the adapter's follow-up calls are done. */
export async function quiescent(count: () => number, quietMs = 25, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = count();
  for (;;) {
    await sleep(quietMs);
    const now = count();
    if (now === last || Date.now() > deadline) return;
    last = now;
  }
}
