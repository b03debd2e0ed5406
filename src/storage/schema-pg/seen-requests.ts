import { bigint, index, pgTable, text } from "drizzle-orm/pg-core";

/** Signed requests already served, kept until their signature would be refused as stale (replay protection across replicas). */
export const seenRequests = pgTable("seen_requests", { key: text("key").primaryKey(), expiresAt: bigint("expires_at", { mode: "number" }).notNull() }, (t) => [
  index("seen_requests_expiry").on(t.expiresAt),
]);
