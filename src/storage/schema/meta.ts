import { sqliteTable, text } from "drizzle-orm/sqlite-core";

/** Per-database values: the pseudonymization salt, created once. */
export const appMeta = sqliteTable("app_meta", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
});
