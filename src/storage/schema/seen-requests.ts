import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Signed requests already served, kept until their signature would be refused as stale, so a
 * replayed copy is refused even after a restart. Only requests whose signature checked out are
 * recorded, by a fixed-size key (the platform and the request's HMAC).
 */
export const seenRequests = sqliteTable("seen_requests", { key: text("key").primaryKey(), expiresAt: integer("expires_at").notNull() }, (t) => [
  index("seen_requests_expiry").on(t.expiresAt),
]);
