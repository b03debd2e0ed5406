import { annotatorNamer, type AnnotatorIdentityRef } from "../../io/export/annotator-name.js";
import type { Db } from "../../storage/database.js";
import { annotatorNames } from "../../storage/repos/annotators.repo.js";

/**
 * Annotators named as a lead sees them in notices and in chat: the display name the platform gave
 * (Ana Lopez), not the export pseudonym (`ann-64d4…`). The pseudonym stays where a name is
 * unknown, and follows a display name two people share ("Alex (ann-1a2b3c)"), so every label
 * names one person. Exports keep the pseudonyms (io/export/annotator-name.ts); reports are for
 * leads only.
 */
export async function leadNamer(db: Db): Promise<(who: AnnotatorIdentityRef | string) => string> {
  const pseudonym = await annotatorNamer(db);
  const rows = await annotatorNames(db);
  const shared = new Map<string, number>();
  for (const r of rows) if (r.displayName) shared.set(r.displayName, (shared.get(r.displayName) ?? 0) + 1);
  const byPseudonym = new Map<string, string>();
  for (const r of rows) {
    const own = pseudonym(r);
    const name = r.displayName?.trim();
    byPseudonym.set(own, name ? ((shared.get(r.displayName!) ?? 0) > 1 ? `${name} (${own.slice(0, 10)})` : name) : own);
  }
  return (who) => {
    const own = typeof who === "string" ? who : pseudonym(who);
    return byPseudonym.get(own) ?? own;
  };
}
