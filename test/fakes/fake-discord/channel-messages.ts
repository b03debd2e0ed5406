import type { StoredMessage } from "./server.js";

const byIdDesc = (a: StoredMessage, b: StoredMessage) => (BigInt(b.id) > BigInt(a.id) ? 1 : BigInt(b.id) < BigInt(a.id) ? -1 : 0);

/**
 * One page of `GET /channels/{id}/messages` over a channel's messages (ephemeral ones excluded by
 * the caller): newest first, `limit` 1–100 (default 50), and `before` / `after` message ids.
 */
export function messagesPage(messages: readonly StoredMessage[], query: URLSearchParams): StoredMessage[] {
  const limit = Math.min(Math.max(Number(query.get("limit") ?? 50), 1), 100);
  const before = query.get("before");
  const after = query.get("after");
  let list = [...messages].sort(byIdDesc);
  if (before) list = list.filter((m) => BigInt(m.id) < BigInt(before));
  if (after) list = list.filter((m) => BigInt(m.id) > BigInt(after)).slice(-limit);
  return list.slice(0, limit);
}
