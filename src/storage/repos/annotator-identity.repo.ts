import type { Db } from "../database.js";
import { statement } from "../statement.js";
import { onConnection } from "../transaction.js";

/** Who an annotator is on their platform: what pseudonyms are made from. */
export interface AnnotatorIdentityRow {
  platform: string;
  workspaceId: string;
  userId: string;
}

/** An annotator's platform identity by id: a primary-key read, cheap enough for the vote path. */
export function annotatorIdentityById(db: Db, annotatorId: number): Promise<AnnotatorIdentityRow | undefined> {
  return onConnection(db, () =>
    statement<[number], AnnotatorIdentityRow>(db, 'SELECT platform, workspace_id AS "workspaceId", user_id AS "userId" FROM annotators WHERE id = ?').get(
      annotatorId,
    ),
  );
}
