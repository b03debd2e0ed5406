import { defineConfig } from "drizzle-kit";

/** The PostgreSQL schema's migrations (`npm run db:generate:pg`); drizzle.config.ts is SQLite's. */
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/storage/schema-pg/index.ts",
  out: "./migrations-pg",
  strict: true,
  verbose: true,
});
