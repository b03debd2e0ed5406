import { attachPlatform } from "../../../src/app.js";
import type { LeadRef } from "../../../src/config.js";
import { createSlackAdapter, type SlackAdapter } from "../../../adapters/slack/index.js";
import { silentLogger } from "../../../src/logger.js";
import { createTestCore, type TestCore } from "../../helpers/core.js";
import { FakeSlack } from "./server.js";
import type { WebClientOptions } from "@slack/web-api";
import type { RetryPolicy } from "../../../src/core/channel-posts/retry-policy.js";
import type { Logger } from "../../../src/logger.js";
import type { SeenRequests } from "../../../src/core/seen-requests.js";
import { RememberedRequests } from "../../../src/services/remembered-requests.js";
import { settleBot } from "../../helpers/wait-for.js";

type Json = Record<string, unknown>;

export const TEAM = "T0001";
const SECRET = "8f14e45fceea167a5a36dedd4bea2543";
const TOKEN = "xoxb-test-0000-fake";

/** A message as the app posted it; `index` is its place in the fake's call log, to compare order. */
export interface SlackPost {
  channel: string;
  ts: string;
  threadTs?: string;
  text: string;
  blocks: Json[];
  index: number;
}

/** The readable text of Block Kit blocks (headers, sections, fields, context), one line a block. */
export function blockText(blocks: readonly Json[]): string {
  const texts = (b: Json): string[] => {
    const own = (b.text as Json | undefined)?.text;
    const fields = ((b.fields as Json[] | undefined) ?? []).map((f) => String(f.text));
    const elements = b.type === "context" ? ((b.elements as Json[] | undefined) ?? []).map((e) => String(e.text ?? "")) : [];
    return [...(typeof own === "string" ? [own] : []), ...fields, ...elements];
  };
  return blocks.flatMap(texts).join("\n");
}

/** The real Bolt app, started by the real adapter, against a fake Slack, around a test core. */
export interface SlackHarness {
  core: TestCore;
  slack: FakeSlack;
  adapter: SlackAdapter;
  receiver: string;
  command(user: string, text: string, channel?: string): Promise<{ status: number; body: string; ms: number }>;
  /** Clicks a button of the latest message (or ephemeral) that has one matching `predicate`. */
  click(
    user: string,
    predicate: (actionId: string) => boolean,
    options?: { channel?: string },
  ): Promise<{ status: number; body: string; ms: number; actionId: string }>;
  /** Submits the latest modal the app opened, with values by block id. */
  submit(user: string, values: Record<string, string | string[]>): Promise<{ status: number; body: string; ms: number }>;
  /** The latest message posted or updated in a channel (or a user's DM). */
  latestMessage(channel: string): Json | undefined;
  /** Every message the app posted with chat.postMessage, in order, as first posted (thread replies carry `threadTs`). */
  posts(): SlackPost[];
  /** The current state of a posted message (after any chat.update). */
  message(channel: string, ts: string): SlackPost | undefined;
  settle(): Promise<void>;
  close(): Promise<void>;
}

/** Options of the fault tests: a shared fake (a restart against the same Slack), the core's retry policy, the WebClient's, a logger to read. */
export interface SlackHarnessFaultOptions {
  /** Run against this fake (kept running by `close`) instead of a new one. */
  slack?: FakeSlack;
  postRetry?: RetryPolicy;
  /** Replaces the WebClient options the harness sets (its short retry policy). */
  clientOptions?: Partial<WebClientOptions>;
  logger?: Logger;
  /** The replay guard's memory: `database` keeps it in the core's database (as the bot does), or a recorder of the test's own. */
  seenRequests?: "database" | SeenRequests;
}

export async function startSlackHarness(
  options: { leads?: LeadRef[]; retries?: number; databasePath?: string; busyTimeoutMs?: number; start?: string } & SlackHarnessFaultOptions = {},
): Promise<SlackHarness> {
  const ownFake = !options.slack;
  const slack = options.slack ?? new FakeSlack({ token: TOKEN, signingSecret: SECRET, teamId: TEAM });
  if (ownFake) await slack.start();
  const core = createTestCore({
    leads: options.leads ?? [],
    ...(options.databasePath ? { databasePath: options.databasePath } : {}),
    ...(options.busyTimeoutMs !== undefined ? { busyTimeoutMs: options.busyTimeoutMs } : {}),
    ...(options.start ? { start: options.start } : {}),
    ...(options.postRetry ? { postRetry: options.postRetry } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  const remembered = options.seenRequests === "database" ? await RememberedRequests.load(core.services) : undefined;
  const seenRequests = remembered ?? (typeof options.seenRequests === "object" ? options.seenRequests : undefined);
  const adapter = createSlackAdapter({
    botToken: TOKEN,
    signingSecret: SECRET,
    port: 0,
    apiUrl: slack.apiUrl,
    logger: options.logger ?? silentLogger(),
    botId: "BBOT",
    botUserId: "UBOT",
    clientOptions: options.clientOptions ?? { retryConfig: { retries: options.retries ?? 2, factor: 1, minTimeout: 10, maxTimeout: 50 } },
    ...(options.postRetry ? { postRetry: options.postRetry } : {}),
    ...(seenRequests ? { seenRequests } : {}),
  });
  await attachPlatform(core, adapter);
  const receiver = `http://127.0.0.1:${adapter.port}/slack/events`;

  // Messages as Slack holds them: the latest state of each (channel, ts), ephemerals and responses too.
  const messages = (): { channel: string; ts: string; blocks: Json[]; text: string }[] => {
    const byKey = new Map<string, { channel: string; ts: string; blocks: Json[]; text: string }>();
    for (const call of slack.calls) {
      if (call.result?.ok !== true) continue;
      const a = call.args;
      const blocks = (a.blocks as Json[]) ?? [];
      if (call.method === "chat.postMessage")
        byKey.set(`${call.result.channel}/${call.result.ts}`, {
          channel: String(call.result.channel),
          ts: String(call.result.ts),
          blocks,
          text: String(a.text ?? ""),
        });
      if (call.method === "chat.update")
        byKey.set(`${a.channel}/${a.ts}`, { channel: String(a.channel), ts: String(a.ts), blocks, text: String(a.text ?? "") });
      if (call.method === "chat.postEphemeral")
        byKey.set(`eph/${call.result.message_ts}`, {
          channel: String(a.channel),
          ts: `eph-${String(call.result.message_ts)}`,
          blocks,
          text: String(a.text ?? ""),
        });
    }
    for (const r of slack.responses)
      byKey.set(`respond/${r.id}`, { channel: "respond", ts: r.id, blocks: (r.body.blocks as Json[]) ?? [], text: String(r.body.text ?? "") });
    return [...byKey.values()];
  };

  const buttonsOf = (blocks: Json[]) => blocks.filter((b) => b.type === "actions").flatMap((b) => (b.elements as Json[]).map((e) => String(e.action_id)));

  const harness: SlackHarness = {
    core,
    slack,
    adapter,
    receiver,
    command: (user, text, channel = "C0LABEL") =>
      slack.send(receiver, {
        token: "legacy",
        team_id: TEAM,
        team_domain: "test",
        channel_id: channel,
        channel_name: "labeling",
        user_id: user,
        user_name: user.toLowerCase(),
        command: "/pairwise",
        text,
        api_app_id: "A0001",
        response_url: slack.responseUrl(),
        trigger_id: slack.issueTrigger(),
      }),
    async click(user, predicate, opts = {}) {
      const candidates = messages().filter((m) => buttonsOf(m.blocks).some(predicate) && (!opts.channel || m.channel === opts.channel));
      const target = candidates[candidates.length - 1];
      if (!target) throw new Error("no message with such a button");
      const actionId = buttonsOf(target.blocks).find(predicate)!;
      const ts = target.ts;
      const payload = {
        type: "block_actions",
        user: { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: TEAM },
        api_app_id: "A0001",
        token: "legacy",
        container: { type: "message", message_ts: ts, channel_id: target.channel, is_ephemeral: false },
        trigger_id: slack.issueTrigger(),
        team: { id: TEAM, domain: "test" },
        channel: { id: target.channel, name: "x" },
        message: { type: "message", ts, text: target.text, blocks: target.blocks },
        response_url: slack.responseUrl(),
        actions: [
          {
            action_id: actionId,
            block_id: "b",
            text: { type: "plain_text", text: "x" },
            value: actionId,
            type: "button",
            action_ts: String(Date.now() / 1000),
          },
        ],
      };
      const res = await slack.send(receiver, { payload: JSON.stringify(payload) });
      return { ...res, actionId };
    },
    submit(user, values) {
      const opened = slack.of("views.open").at(-1);
      if (!opened) throw new Error("no modal was opened");
      const view = opened.view as Json;
      const state: Record<string, Record<string, Json>> = {};
      for (const block of view.blocks as Json[]) {
        if (block.type !== "input") continue;
        const id = String(block.block_id);
        const element = block.element as Json;
        const v = values[id];
        if (element.type === "plain_text_input") state[id] = { v: { type: "plain_text_input", value: typeof v === "string" ? v : null } };
        else if (element.type === "static_select") state[id] = { v: { type: "static_select", selected_option: typeof v === "string" ? { value: v } : null } };
        else state[id] = { v: { type: String(element.type), selected_options: (Array.isArray(v) ? v : []).map((value) => ({ value })) } };
      }
      const payload = {
        type: "view_submission",
        team: { id: TEAM, domain: "test" },
        user: { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: TEAM },
        api_app_id: "A0001",
        token: "legacy",
        trigger_id: slack.issueTrigger(),
        view: {
          id: "V1",
          team_id: TEAM,
          type: "modal",
          callback_id: view.callback_id,
          private_metadata: view.private_metadata,
          state: { values: state },
          hash: "h",
          blocks: view.blocks,
        },
      };
      return slack.send(receiver, { payload: JSON.stringify(payload) });
    },
    posts() {
      return slack.calls.flatMap((call, index): SlackPost[] => {
        if (call.method !== "chat.postMessage" || call.result?.ok !== true) return [];
        const a = call.args;
        const post: SlackPost = {
          channel: String(call.result.channel),
          ts: String(call.result.ts),
          text: String(a.text ?? ""),
          blocks: (a.blocks as Json[]) ?? [],
          index,
        };
        if (a.thread_ts) post.threadTs = String(a.thread_ts);
        return [post];
      });
    },
    message(channel, ts) {
      const first = harness.posts().find((p) => p.channel === channel && p.ts === ts);
      if (!first) return undefined;
      const edits = slack.calls.filter((c) => c.method === "chat.update" && c.result?.ok === true && c.args.channel === channel && c.args.ts === ts);
      const last = edits.at(-1);
      return last ? { ...first, text: String(last.args.text ?? ""), blocks: (last.args.blocks as Json[]) ?? [] } : first;
    },
    latestMessage(channel) {
      const list = messages().filter((m) => m.channel === channel && !m.ts.startsWith("eph"));
      return list.at(-1) as Json | undefined;
    },
    settle: () => settleBot(core.deps.background, () => slack.calls.length),
    async close() {
      await adapter.stop();
      await remembered?.stop();
      if (ownFake) await slack.stop();
      if (core.services.db.$client.open) core.services.db.$client.close();
    },
  };
  return harness;
}
