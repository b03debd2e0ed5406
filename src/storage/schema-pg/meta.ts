import { pgTable, text } from "drizzle-orm/pg-core";

/** Per-database values: the pseudonymization salt, created once. */
export const appMeta = pgTable("app_meta", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
});
