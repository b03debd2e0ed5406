import { randomBytes } from "node:crypto";
import type { Db } from "../database.js";

/** A random secret made once per database; pseudonyms are keyed on it so they cannot be recomputed elsewhere. */
export function pseudonymSalt(db: Db): string {
  const c = db.$client;
  c.prepare("INSERT INTO app_meta (key, value) VALUES ('pseudonym_salt', ?) ON CONFLICT (key) DO NOTHING").run(randomBytes(24).toString("hex"));
  return (c.prepare("SELECT value FROM app_meta WHERE key = 'pseudonym_salt'").get() as { value: string }).value;
}
