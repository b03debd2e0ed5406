import type { Db } from "../../storage/database.js";
import { pseudonymSalt } from "../../storage/repos/meta.repo.js";
import { pseudonymize } from "../../io/export/pseudonym.js";

/**
 * How reports name annotators: display names are not shown to a channel; pseudonyms are (stable per
 * deployment), and imported annotators keep their published names.
 */
export function annotatorLabeler(db: Db): (a: { platform: string; workspaceId: string; userId: string }) => string {
  const salt = pseudonymSalt(db);
  return (a) => (a.platform === "external" ? a.userId : pseudonymize(salt, a).replace("annotator-", "ann-"));
}
