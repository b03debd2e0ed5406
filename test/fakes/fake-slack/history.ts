import type { RecordedCall } from "./server.js";

type Json = Record<string, unknown>;

/** Who the fake's bot is, as Slack stamps it on the messages the app posts. */
const BOT = { user: "UBOT", botId: "BBOT", appId: "A0001" } as const;

/**
 * The top-level messages of a channel as Slack holds them, oldest first: every chat.postMessage
 * that took effect (answered or not: a lost answer still posted it), in its latest chat.update state.
 */
export function channelMessages(calls: readonly RecordedCall[], channel: string): Json[] {
  const byTs = new Map<string, Json>();
  for (const call of calls) {
    if (call.result?.ok !== true) continue;
    const a = call.args;
    if (call.method === "chat.postMessage" && call.result.channel === channel && !a.thread_ts) {
      const ts = String(call.result.ts);
      byTs.set(ts, { type: "message", user: BOT.user, bot_id: BOT.botId, app_id: BOT.appId, ts, text: String(a.text ?? ""), blocks: a.blocks ?? [] });
    }
    if (call.method === "chat.update" && a.channel === channel) {
      const m = byTs.get(String(a.ts));
      if (m) byTs.set(String(a.ts), { ...m, text: String(a.text ?? ""), blocks: a.blocks ?? [], edited: { user: BOT.user, ts: String(a.ts) } });
    }
  }
  return [...byTs.values()];
}

/**
 * One page of conversations.history: newest first, `oldest`/`latest` exclusive bounds (Slack's
 * default, `inclusive` false), `limit` (default 100, at most 999), and an opaque `cursor`.
 */
export function historyPage(messages: readonly Json[], args: Json): Json {
  const oldest = Number(args.oldest ?? 0);
  const latest = args.latest === undefined ? Number.POSITIVE_INFINITY : Number(args.latest);
  const limit = Math.min(Math.max(Number(args.limit ?? 100), 1), 999);
  const offset = args.cursor
    ? Number(
        Buffer.from(String(args.cursor), "base64")
          .toString("utf8")
          .replace(/^offset:/, ""),
      )
    : 0;
  const inRange = messages.filter((m) => Number(m.ts) > oldest && Number(m.ts) < latest).reverse();
  const page = inRange.slice(offset, offset + limit);
  const more = offset + limit < inRange.length;
  return {
    ok: true,
    messages: page,
    has_more: more,
    pin_count: 0,
    response_metadata: { next_cursor: more ? Buffer.from(`offset:${offset + limit}`).toString("base64") : "" },
  };
}
