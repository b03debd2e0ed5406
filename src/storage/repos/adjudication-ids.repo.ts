import type { Db } from "../database.js";
import { statement } from "../statement.js";
import { onConnection } from "../transaction.js";

/** The id of an item's adjudication (pending or resolved), or undefined when it never needed one. */
export function adjudicationIdOfItem(db: Db, comparisonId: number): Promise<number | undefined> {
  return onConnection(
    db,
    async () => (await statement<[number], { id: number }>(db, "SELECT id FROM adjudications WHERE comparison_id = ?").get(comparisonId))?.id,
  );
}
