const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls `probe` (awaiting it when it answers with a promise) until it gives something truthy, and
 * returns that, for work an adapter does after it has answered (a DM, a leads' notice): no fixed
 * sleep to tune, and a clear failure after `timeoutMs` instead of a flaky one.
 */
export async function waitFor<T>(
  probe: () => T | undefined | false | null | Promise<T | undefined | false | null>,
  what: string,
  timeoutMs = 5000,
): Promise<T> {
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

/**
 * Waits until the bot is done with what it was asked: the core's background work (DMs, notices,
 * deferred replies, channel posts) has finished and the fake platform has recorded no new call
 * for `quietMs`, checked again after each quiet spell. Replaces fixed sleeps, which a busy machine
 * outruns. Gives up after `timeoutMs` (the assertions that follow then say what is missing).
 */
export async function settleBot(
  background: { idle(timeoutMs?: number): Promise<boolean>; readonly size: number },
  calls: () => number,
  quietMs = 60,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await background.idle(Math.max(0, deadline - Date.now()));
    const before = calls();
    await sleep(quietMs);
    if ((calls() === before && background.size === 0) || Date.now() > deadline) return;
  }
}
