import type { ComparisonKind } from "../../domain/comparison.js";
import type { Db } from "../database.js";
import { statement } from "../statement.js";
import { onConnection } from "../transaction.js";

/** How far one item is toward its target overlap, and where it came from. */
export interface ItemCompletionRow {
  externalId: string;
  kind: ComparisonKind;
  doneCount: number;
  targetOverlap: number;
  /** The import (or API) batch that brought the item in; null for items made otherwise. */
  importBatchId: number | null;
}

/** One item's completion state by its id: a primary-key read, cheap enough for the vote path. */
export function itemCompletion(db: Db, comparisonId: number): Promise<ItemCompletionRow | undefined> {
  return onConnection(db, () =>
    statement<[number], ItemCompletionRow>(
      db,
      'SELECT external_id AS "externalId", kind, done_count AS "doneCount", target_overlap AS "targetOverlap", import_batch_id AS "importBatchId" FROM comparisons WHERE id = ?',
    ).get(comparisonId),
  );
}
