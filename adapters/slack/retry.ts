import type { RetryOptions } from "@slack/web-api";

/**
 * The WebClient's retries for idempotent calls (edits, ephemerals, uploads, reads): five, about 1,
 * 2, 4, 8, 16 s apart, randomized so many clients don't retry in step. Bolt's default (ten over
 * about thirty minutes) would edit a card long after anyone cares; a failure is logged instead.
 */
export const SLACK_RETRY_POLICY: RetryOptions = { retries: 5, factor: 2, minTimeout: 1000, maxTimeout: 16_000, randomize: true };

/**
 * A channel post never waits for Slack forever: a hung send fails, and the core looks for it
 * before sending again (the queue of posts behind it moves on). Only the posting client has it:
 * an upload of a large export may rightly take longer.
 */
export const SLACK_POST_TIMEOUT_MS = 30_000;
