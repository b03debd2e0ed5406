import { randomBytes } from "node:crypto";
import type { Db } from "../database.js";
import { statement } from "../statement.js";
import { onConnection } from "../transaction.js";

/** A random secret made once per database; pseudonyms are keyed on it so they cannot be recomputed elsewhere. */
export function pseudonymSalt(db: Db): Promise<string> {
  return onConnection(db, async () => {
    await statement<[string]>(db, "INSERT INTO app_meta (key, value) VALUES ('pseudonym_salt', ?) ON CONFLICT (key) DO NOTHING").run(
      randomBytes(24).toString("hex"),
    );
    return (await statement<[], { value: string }>(db, "SELECT value FROM app_meta WHERE key = 'pseudonym_salt'").get())!.value;
  });
}
