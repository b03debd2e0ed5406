const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls until `predicate` holds, for work an adapter does after it has answered (a DM, a leads'
 * notice): no fixed sleep to tune, and a clear failure after `timeoutMs` instead of a flaky one.
 */
export async function waitFor(predicate: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
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
