import { createHmac } from "node:crypto";
import type { Db } from "../../storage/database.js";
import { pseudonymSalt } from "../../storage/repos/meta.repo.js";

/** Who an annotator is, as stored. */
export interface AnnotatorIdentityRef {
  platform: string;
  workspaceId: string;
  userId: string;
}

/**
 * A stable pseudonym: `ann-` and 12 hex digits of an HMAC-SHA256 of the identity under the
 * database's secret salt, so the same person keeps the same name across exports and reports of one
 * deployment, and nobody can recompute it from a Slack or Discord user id.
 */
export function pseudonymize(salt: string, identity: AnnotatorIdentityRef): string {
  const mac = createHmac("sha256", salt).update(`${identity.platform}\u0000${identity.workspaceId}\u0000${identity.userId}`).digest("hex");
  return `ann-${mac.slice(0, 12)}`;
}

/**
 * The one way an annotator is named to a lead: in the QA report, the raw export, every report and
 * every chart label, so a name in one can be looked up in the others. People of this deployment
 * get their pseudonym (`ann-3f9c…`), or `platform:userId` with `realIds`; imported annotators keep
 * the name their file gave them (`pandalm:annotator1`): they are not people of this deployment.
 */
export async function annotatorNamer(db: Db, options: { realIds?: boolean } = {}): Promise<(a: AnnotatorIdentityRef) => string> {
  const salt = options.realIds ? "" : await pseudonymSalt(db);
  return (a) => {
    if (a.platform === "external") return a.userId;
    // The AI judge is named by its model: it is not a person of this deployment either.
    if (a.platform === "ai") return `ai:${a.userId}`;
    return options.realIds ? `${a.platform}:${a.userId}` : pseudonymize(salt, a);
  };
}
