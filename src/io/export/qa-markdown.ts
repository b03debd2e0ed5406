import type { Estimate } from "./agreement-summary.js";
import { degenerateDetail } from "./left-out.js";
import type { QaReport } from "./qa-report.js";
import { aiShareLine } from "./ai-share.js";

const pct = (x: number | null | undefined) => (x === null || x === undefined ? "n/a" : `${(100 * x).toFixed(1)}%`);
const num = (x: number | null | undefined, digits = 3) => (x === null || x === undefined || Number.isNaN(x) ? "n/a" : x.toFixed(digits));
/** A table cell: pipes and line breaks would break the Markdown table. */
const cell = (text: string) => text.replaceAll("|", "\\|").replace(/\s*\n\s*/g, " ");
const table = (header: string[], rows: string[][]) => [
  `| ${header.join(" | ")} |`,
  `|${header.map(() => "---").join("|")}|`,
  ...rows.map((r) => `| ${r.map(cell).join(" | ")} |`),
];

/** How many rows of the long logs the Markdown shows; the JSON report has them all. */
const LOG_ROWS = 200;
const PAIR_ROWS = 50;

/** The QA report as Markdown tables an ML engineer reads top to bottom; the same figures are in the JSON report. */
export function qaMarkdown(r: QaReport): string {
  const f = r.file;
  const raw = f.format === "raw";
  const lines = [`# QA report: ${r.campaign}`, "", `Generated ${r.generatedAt} for \`${f.name}\` (format \`${f.format}\`).`, "", "## This file", ""];
  lines.push(
    ...table(
      ["", ""],
      [
        ["rows", String(f.rows)],
        ["items", String(f.items)],
        ["judgments", `${f.judgments}${raw ? "" : " (behind the labels of these items)"}`],
        ...(raw
          ? []
          : [
              [
                "labels",
                Object.entries(f.labels)
                  .sort((a, b) => b[1] - a[1])
                  .map(([k, v]) => `${k} ${v}`)
                  .join(", ") || "none",
              ],
              ["unanimous items", String(f.unanimous)],
              ["mean agreement with the label", pct(f.meanAgreement)],
            ]),
      ],
    ),
  );
  if (r.ai) lines.push("", aiShareLine(r.ai));

  lines.push("", "## Left out", "");
  if (r.leftOut.length === 0 && r.leftOutJudgments.flagged === 0 && r.leftOutJudgments.filtered === 0)
    lines.push(
      raw
        ? "Nothing was left out: every judgment of the campaign is in the file, flagged ones with their reasons."
        : "Nothing was left out: every labeled item is in the file.",
    );
  else {
    lines.push(
      ...table(
        ["reason", "items", "keep them with"],
        r.leftOut.map((l) => [`${l.what}${l.reason === "degenerate" ? ` (${degenerateDetail(l.detail)})` : ""}`, String(l.items), l.keep]),
      ),
    );
    const j = r.leftOutJudgments;
    if (j.flagged > 0)
      lines.push(
        "",
        `${j.flagged} flagged judgments did not count toward labels (\`--include-flagged\` counts them; the raw export lists them with their reasons).`,
      );
    if (j.filtered > 0) lines.push("", `${j.filtered} judgments were outside the judgment filters.`);
  }

  if (!raw) {
    lines.push("", "## Degenerate training targets", "");
    if (r.degenerateTargets.length === 0) lines.push("None among the labeled items: no empty, boolean-only or identical chosen/rejected responses.");
    else
      lines.push(
        ...table(
          ["what", "items", "in this file"],
          r.degenerateTargets.map((d) => [d.what, String(d.items), d.kept ? "kept" : "left out"]),
        ),
      );
  }

  lines.push(...agreementSection(r));
  lines.push("", "## Annotators", "");
  lines.push(
    ...table(
      ["annotator", "platform", "status", "judgments", "agreement with others", "kappa vs others", "gold accuracy", "median time", "flagged judgments"],
      r.annotators.map((a) => [
        a.annotator,
        a.platform,
        a.status,
        String(a.judgments),
        pct(a.agreementWithOthers),
        num(a.kappaVsOthers),
        a.goldAnswered ? `${pct(a.goldAccuracy)} of ${a.goldAnswered}` : "n/a",
        a.medianSeconds === null ? "n/a" : `${a.medianSeconds.toFixed(0)} s`,
        String(a.flagged),
      ]),
    ),
  );
  if (r.byTag.length > 0) {
    lines.push(
      "",
      "## By tag (items in this file)",
      "",
      ...table(
        ["tag", "items", "mean agreement"],
        r.byTag.slice(0, 50).map((t) => [t.tag, String(t.items), pct(t.meanAgreement)]),
      ),
    );
    if (r.byTag.length > 50) lines.push("", `${r.byTag.length - 50} more tags in the JSON report.`);
  }
  lines.push("", "## Flags", "");
  if (r.flags.length === 0) lines.push("No judgment was flagged.");
  else {
    lines.push(
      ...table(
        ["kind", "judgments"],
        r.flags.map((x) => [x.kind, String(x.count)]),
      ),
      "",
    );
    lines.push(
      ...table(
        ["judgment", "item", "annotator", "kind", "why", "at"],
        r.flagLog.slice(0, LOG_ROWS).map((x) => [String(x.judgment), x.item, x.annotator, x.kind, x.detail, x.at]),
      ),
    );
    if (r.flagLog.length > LOG_ROWS) lines.push("", `${r.flagLog.length - LOG_ROWS} more flags in the JSON report.`);
  }
  lines.push("", "## Adjudication log", "");
  if (r.adjudications.length === 0) lines.push("No item needed adjudication.");
  else
    lines.push(
      ...table(
        ["item", "why", "status", "final label", "by", "at", "note"],
        r.adjudications.slice(0, LOG_ROWS).map((d) => [d.item, d.reason, d.status, d.finalChoice ?? "", d.resolvedBy ?? "", d.resolvedAt ?? "", d.note ?? ""]),
      ),
    );
  return `${lines.join("\n")}\n`;
}

function agreementSection(r: QaReport): string[] {
  const a = r.agreement;
  const lines = ["", "## Agreement", ""];
  if (a.note) return [...lines, `Over the campaign's regular judgments: ${a.note}.`];
  lines.push(
    `Over all regular judgments of the campaign (${a.items} items with two or more judgments, ${a.annotators} annotators), whatever this file keeps; 95% CIs by ${a.bootstrap}.`,
    "",
  );
  const row = (name: string, e: Estimate | undefined) => [name, num(e?.value), e ? `${num(e.ci95[0])} – ${num(e.ci95[1])}` : "n/a"];
  lines.push(
    ...table(
      ["measure", "value", "95% CI"],
      [row("Krippendorff's alpha (nominal)", a.krippendorffAlphaNominal), row("Fleiss' kappa", a.fleissKappa), row("Gwet's AC1", a.gwetAc1)],
    ),
  );
  lines.push("", "### Pairwise Cohen's kappa", "");
  if (a.pairwiseKappa.length === 0) lines.push("No two annotators judged two or more of the same items.");
  else {
    lines.push(
      ...table(
        ["annotator", "annotator", "shared items", "kappa"],
        a.pairwiseKappa.slice(0, PAIR_ROWS).map((p) => [p.a, p.b, String(p.sharedItems), num(p.kappa)]),
      ),
    );
    if (a.pairwiseKappa.length > PAIR_ROWS) lines.push("", `${a.pairwiseKappa.length - PAIR_ROWS} more pairs (fewer shared items) in the JSON report.`);
  }
  return lines;
}
