import type { Db } from "../../storage/database.js";
import { pseudonymSalt } from "../../storage/repos/meta.repo.js";
import { pseudonymize } from "./pseudonym.js";
import { humanJudgment } from "../../storage/human-judgments.js";
import { aiShareLine, type AiShare } from "./ai-share.js";

export interface AnnotatorQa {
  annotator: string;
  judgments: number;
  goldAnswered: number;
  goldAccuracy: number | null;
  /** Share of this annotator's votes that match the item's label (leave-one-out majority). */
  agreementWithOthers: number | null;
  medianSeconds: number | null;
  flags: number;
  status: string;
}

export interface QaReport {
  campaign: string;
  generatedAt: string;
  items: { exported: number; unanimous: number; meanAgreement: number | null; labels: Record<string, number> };
  annotators: AnnotatorQa[];
  byTag: { tag: string; items: number; meanAgreement: number | null }[];
  flags: { kind: string; count: number }[];
  flagLog: { judgmentId: number; kind: string; detail: string; at: string }[];
  adjudications: { item: string; finalChoice: string | null; note: string | null; resolvedBy: string | null; resolvedAt: string | null; status: string }[];
  /** Filled by the statistics module: chance-corrected agreement with confidence intervals. */
  agreement?: Record<string, unknown>;
  /** How much of the export the AI judge made, and which model. */
  ai?: AiShare;
}

export interface QaAccumulator {
  add(item: { label: string; agreement: number; tags: string[] }): void;
}

/** Collects per-item figures while the export streams, so the report needs no second pass over items. */
export function createQaAccumulator(): QaAccumulator & { snapshot(): Pick<QaReport, "items" | "byTag"> } {
  let exported = 0;
  let unanimous = 0;
  let agreementSum = 0;
  const labels: Record<string, number> = {};
  const tags = new Map<string, { items: number; sum: number }>();
  return {
    add(item) {
      exported++;
      agreementSum += item.agreement;
      if (item.agreement === 1) unanimous++;
      labels[item.label] = (labels[item.label] ?? 0) + 1;
      for (const tag of item.tags) {
        const t = tags.get(tag) ?? { items: 0, sum: 0 };
        t.items++;
        t.sum += item.agreement;
        tags.set(tag, t);
      }
    },
    snapshot() {
      return {
        items: { exported, unanimous, meanAgreement: exported > 0 ? agreementSum / exported : null, labels },
        byTag: [...tags.entries()].sort((a, b) => b[1].items - a[1].items).map(([tag, t]) => ({ tag, items: t.items, meanAgreement: t.sum / t.items })),
      };
    },
  };
}

/** Per-annotator figures, flags and the adjudication log, read from the database. */
export function annotatorQa(db: Db, campaignId: number, realIds: boolean): Pick<QaReport, "annotators" | "flags" | "flagLog" | "adjudications"> {
  const c = db.$client;
  const salt = realIds ? "" : pseudonymSalt(db);
  const rows = c
    .prepare(
      `SELECT a.id, a.platform, a.workspace_id, a.user_id, a.status, count(*) AS judgments,
              sum(x.kind = 'gold') AS gold, sum(x.kind = 'gold' AND j.choice = x.gold_answer) AS gold_correct,
              (SELECT count(*) FROM judgment_flags f JOIN judgments jj ON jj.id = f.judgment_id WHERE jj.annotator_id = a.id AND jj.campaign_id = @c) AS flags
       FROM judgments j JOIN annotators a ON a.id = j.annotator_id JOIN comparisons x ON x.id = j.comparison_id
       WHERE j.campaign_id = @c AND ${humanJudgment("j")} GROUP BY a.id ORDER BY judgments DESC`,
    )
    .all({ c: campaignId }) as { id: number; platform: string; workspace_id: string; user_id: string; status: string; judgments: number; gold: number; gold_correct: number; flags: number }[];
  // Agreement with the others: does this vote match the majority of the item's other votes?
  const agree = c.prepare(
    `SELECT j.choice AS mine,
            (SELECT o.choice FROM judgments o WHERE o.comparison_id = j.comparison_id AND o.annotator_id <> j.annotator_id AND ${humanJudgment("o")}
             GROUP BY o.choice ORDER BY count(*) DESC, o.choice LIMIT 1) AS others,
            (SELECT count(*) FROM judgments o WHERE o.comparison_id = j.comparison_id AND o.annotator_id <> j.annotator_id AND ${humanJudgment("o")}) AS n
     FROM judgments j JOIN comparisons x ON x.id = j.comparison_id WHERE j.annotator_id = ? AND j.campaign_id = ? AND x.kind = 'regular'`,
  );
  const times = c.prepare("SELECT time_taken_ms AS t FROM judgments WHERE annotator_id = ? AND campaign_id = ? AND time_taken_ms IS NOT NULL ORDER BY time_taken_ms");
  const annotators = rows.map((r) => {
    const votes = (agree.all(r.id, campaignId) as { mine: string; others: string | null; n: number }[]).filter((v) => v.n > 0);
    const list = (times.all(r.id, campaignId) as { t: number }[]).map((x) => x.t);
    const identity = { platform: r.platform, workspaceId: r.workspace_id, userId: r.user_id };
    return {
      annotator: realIds || r.platform === "external" ? `${r.platform}:${r.user_id}` : pseudonymize(salt, identity),
      judgments: r.judgments,
      goldAnswered: r.gold ?? 0,
      goldAccuracy: r.gold ? (r.gold_correct ?? 0) / r.gold : null,
      agreementWithOthers: votes.length > 0 ? votes.filter((v) => v.mine === v.others).length / votes.length : null,
      medianSeconds: list.length > 0 ? list[Math.floor((list.length - 1) / 2)]! / 1000 : null,
      flags: r.flags,
      status: r.status,
    };
  });
  const flags = c
    .prepare("SELECT f.kind, count(*) AS count FROM judgment_flags f JOIN judgments j ON j.id = f.judgment_id WHERE j.campaign_id = ? GROUP BY f.kind ORDER BY count DESC")
    .all(campaignId) as { kind: string; count: number }[];
  const flagLog = (
    c.prepare("SELECT f.judgment_id, f.kind, f.detail, f.created_at FROM judgment_flags f JOIN judgments j ON j.id = f.judgment_id WHERE j.campaign_id = ? ORDER BY f.id").all(campaignId) as { judgment_id: number; kind: string; detail: string; created_at: number }[]
  ).map((f) => ({ judgmentId: f.judgment_id, kind: f.kind, detail: f.detail, at: new Date(f.created_at).toISOString() }));
  const adjudications = (
    c
      .prepare("SELECT x.external_id, d.final_choice, d.note, d.resolved_by, d.resolved_at, d.status FROM adjudications d JOIN comparisons x ON x.id = d.comparison_id WHERE d.campaign_id = ? ORDER BY d.id")
      .all(campaignId) as { external_id: string; final_choice: string | null; note: string | null; resolved_by: string | null; resolved_at: number | null; status: string }[]
  ).map((d) => ({ item: d.external_id, finalChoice: d.final_choice, note: d.note, resolvedBy: d.resolved_by, resolvedAt: d.resolved_at ? new Date(d.resolved_at).toISOString() : null, status: d.status }));
  return { annotators, flags, flagLog, adjudications };
}

const pct = (x: number | null) => (x === null ? "n/a" : `${(100 * x).toFixed(1)}%`);

/** The QA report as Markdown, for people. */
export function qaMarkdown(r: QaReport): string {
  const lines = [
    `# QA report: ${r.campaign}`,
    "",
    `Generated ${r.generatedAt}.`,
    "",
    "## Items",
    "",
    `- exported: ${r.items.exported}; unanimous: ${r.items.unanimous}; mean agreement with the label: ${pct(r.items.meanAgreement)}`,
    `- labels: ${Object.entries(r.items.labels).map(([k, v]) => `${k} ${v}`).join(", ") || "none"}`,
    ...(r.ai ? [`- ${aiShareLine(r.ai)}`] : []),
  ];
  if (r.agreement) {
    lines.push("", "## Agreement", "", "```json", JSON.stringify(r.agreement, null, 2), "```");
  }
  lines.push("", "## Annotators", "", "| annotator | status | judgments | gold accuracy | agreement with others | median time | flags |", "|---|---|---|---|---|---|---|");
  for (const a of r.annotators) {
    lines.push(`| ${a.annotator} | ${a.status} | ${a.judgments} | ${a.goldAnswered ? `${pct(a.goldAccuracy)} of ${a.goldAnswered}` : "n/a"} | ${pct(a.agreementWithOthers)} | ${a.medianSeconds === null ? "n/a" : `${a.medianSeconds.toFixed(0)} s`} | ${a.flags} |`);
  }
  lines.push("", "## By tag", "", "| tag | items | mean agreement |", "|---|---|---|");
  for (const t of r.byTag.slice(0, 50)) lines.push(`| ${t.tag} | ${t.items} | ${pct(t.meanAgreement)} |`);
  lines.push("", "## Flags", "");
  if (r.flags.length === 0) lines.push("No judgment was flagged.");
  for (const f of r.flags) lines.push(`- ${f.kind}: ${f.count}`);
  lines.push("", "## Adjudication log", "");
  if (r.adjudications.length === 0) lines.push("No item needed adjudication.");
  for (const d of r.adjudications) lines.push(`- ${d.item}: ${d.status === "resolved" ? `${d.finalChoice} by ${d.resolvedBy} (${d.resolvedAt}): ${d.note}` : "pending"}`);
  return `${lines.join("\n")}\n`;
}
