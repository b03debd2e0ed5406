import { stringify } from "yaml";
import type { CampaignSettings } from "../../domain/campaign-settings.js";
import type { Db } from "../../storage/database.js";
import type { CampaignRow } from "../../storage/repos/campaigns.repo.js";
import { campaignFacts, collectedSources, controlEvidence, importedSources, itemSources } from "../../storage/repos/provenance.repo.js";
import { appliedControls } from "./card-controls.js";
import type { ExportFilters } from "./labeled-items.js";
import { activeJudgmentFilters, degenerateDetail } from "./left-out.js";
import type { QaReport } from "./qa-report.js";
import { aiShareLine } from "./ai-share.js";
import { exportFormat, isExportFormat } from "./formats/index.js";

const PLATFORM_NAMES: Record<string, string> = { slack: "Slack", discord: "Discord", terminal: "the terminal playground" };
const date = (ms: number | null) => (ms === null ? "n/a" : new Date(ms).toISOString().slice(0, 10));

function sizeCategory(n: number): string {
  if (n < 1_000) return "n<1K";
  if (n < 10_000) return "1K<n<10K";
  if (n < 100_000) return "10K<n<100K";
  if (n < 1_000_000) return "100K<n<1M";
  return "1M<n<10M";
}

export interface DataCardInput {
  db: Db;
  campaign: CampaignRow;
  settings: CampaignSettings;
  format: string;
  fileName: string;
  filters: ExportFilters;
  aggregation: string;
  qa: QaReport;
}

/**
 * A dataset card in the Hugging Face convention (YAML metadata, then Markdown). It states only what
 * the database shows happened: where each judgment came from (collected on which platform, or
 * imported from which file), the gold share observed, the quality controls that ran, and what the
 * export left out. What it cannot know (the license) it says it does not know.
 */
export async function dataCard(input: DataCardInput): Promise<string> {
  const { db, campaign, settings, qa } = input;
  const collected = await collectedSources(db, campaign.id);
  const imported = await importedSources(db, campaign.id);
  const items = await itemSources(db, campaign.id);
  const facts = await campaignFacts(db, campaign.id);
  const card = settings.card ?? {};
  const license = card.license ?? "other";
  const creators = [...new Set([...(collected.length > 0 ? (card.annotationsCreators ?? ["crowdsourced"]) : []), ...(imported.length > 0 ? ["found"] : [])])];
  const sourceDatasets = card.sourceDatasets ?? items.map((s) => s.file).filter((f): f is string => f !== null);
  const header = stringify({
    pretty_name: campaign.title ?? campaign.name,
    license,
    ...(license === "other" ? { license_name: card.licenseName ?? "unspecified", license_link: card.licenseLink ?? "LICENSE" } : {}),
    language: card.language ?? ["en"],
    annotations_creators: creators.length > 0 ? creators : ["no-annotation"],
    source_datasets: sourceDatasets.length > 0 ? sourceDatasets : ["original"],
    task_categories: ["text-generation", "reinforcement-learning"],
    tags: ["preference", "rlhf", "dpo", "reward-modeling", "human-feedback", "pairwise"],
    size_categories: [sizeCategory(qa.file.rows)],
    configs: [{ config_name: "default", data_files: input.fileName }],
  }).trimEnd();
  const title = campaign.title ?? campaign.name;
  const f = qa.file;
  const rowsWord = input.format === "raw" ? `${f.rows} judgments of ${f.items} items` : `${f.rows} rows from ${f.items} labeled items`;
  const lines = [
    "---",
    header,
    "---",
    "",
    `# ${title}`,
    "",
    "## Dataset description",
    "",
    campaign.description ?? `Pairwise preference judgments of the Pairwise campaign \`${campaign.name}\`.`,
    "",
    `This file (\`${input.fileName}\`, format \`${input.format}\`) holds ${rowsWord}. Each item is a prompt with two model responses; judges chose the better one, a tie, or both bad.${input.format === "raw" ? "" : ` Labels are aggregated by ${input.aggregation}; a lead's adjudication is the final label where one was made.`}`,
    ...(facts.models.length > 0 ? ["", `Models compared: ${facts.models.join(", ")}.`] : []),
    "",
    "## Where the data comes from",
    "",
    ...provenanceLines(collected, imported, items),
    // The AI judge's verdicts are stated apart from people's judgments: their share and their model.
    ...(qa.ai ? ["", aiShareLine(qa.ai)] : []),
    "",
    "## Quality controls that applied",
    "",
    ...appliedControls({ settings, collected, imported, evidence: await controlEvidence(db, campaign.id) }).map((c) => `- ${c}`),
    "",
    "## Rubric",
    "",
    settings.rubric.length === 0
      ? "No rubric dimensions were scored."
      : settings.rubric.map((d) => `- **${d.label ?? d.name}** (\`${d.name}\`, 1–5 per response): ${d.description}`).join("\n"),
    "",
    "## Guidelines",
    "",
    ...(collected.length === 0
      ? ["No judgment was collected through Pairwise, so no judge read these guidelines; imported labels followed their own source's instructions.", ""]
      : []),
    ...facts.versions.flatMap((v) => [`### Version ${v.version} (from ${date(v.createdAt)})`, "", v.text.trim(), ""]),
    "## What this export keeps and leaves out",
    "",
    ...exportLines(input),
    "",
    "## License",
    "",
    license === "other" && !card.licenseName
      ? `The campaign file states no license (\`card.license\`), so the metadata says \`license_name: unspecified\`. Set it, or add the LICENSE file \`license_link\` points to, before publishing. The texts keep the licenses of their sources${sourceDatasets.length > 0 ? ` (${sourceDatasets.join(", ")})` : ""}.`
      : `${license === "other" ? `${card.licenseName} (${card.licenseLink})` : license}, as set in the campaign file.`,
    "",
    "## Known limitations",
    "",
    ...limitations(collected.length > 0, input.format),
    "",
    "## Intended use",
    "",
    "Training and evaluating reward models and preference-optimized language models (RLHF, DPO, KTO), and studying annotator agreement. Not for judging the annotators as people.",
    "",
    "## Quality report",
    "",
    "See the QA report written beside this file (Markdown and JSON): agreement with confidence intervals, pairwise kappa, per-annotator figures, flags and adjudications.",
    "",
  ];
  return lines.join("\n");
}

function provenanceLines(
  collected: Awaited<ReturnType<typeof collectedSources>>,
  imported: Awaited<ReturnType<typeof importedSources>>,
  items: Awaited<ReturnType<typeof itemSources>>,
): string[] {
  const rows = [
    ...collected.map(
      (s) =>
        `| collected on ${PLATFORM_NAMES[s.platform] ?? s.platform} through Pairwise | ${s.judgments} | ${s.annotators} (pseudonymized) | ${date(s.first)} to ${date(s.last)} |`,
    ),
    ...imported.map(
      (s) =>
        `| imported from \`${s.file}\` (${s.format}) | ${s.judgments} | ${s.annotators.length} (${s.annotators.join(", ")}, as named in the file) | imported ${date(s.importedAt)} |`,
    ),
  ];
  const out = [
    "Judgments of the campaign, by source:",
    "",
    "| source | judgments | judges | when |",
    "|---|---|---|---|",
    ...(rows.length > 0 ? rows : ["| none yet | 0 | 0 | |"]),
  ];
  out.push(
    "",
    `Items: ${items.map((s) => `${s.items} ${s.file ? `imported from \`${s.file}\` (${s.format}) on ${date(s.importedAt)}` : "added without an import record"}`).join("; ") || "none"}.`,
  );
  return out;
}

function exportLines(input: DataCardInput): string[] {
  const { qa, filters } = input;
  const lines: string[] = [];
  const used = [
    ...(filters.minAgreement ? [`--min-agreement ${filters.minAgreement.text} (compared at its written precision)`] : []),
    ...(filters.excludeTies ? ["--exclude-ties"] : []),
    ...activeJudgmentFilters(filters),
    ...(filters.excludeFlagged === false ? ["--include-flagged"] : []),
    ...(filters.includeIncomplete ? ["--include-incomplete"] : []),
    ...(filters.keepDegenerate ? ["--keep-degenerate"] : []),
  ];
  lines.push(`Options: ${used.length > 0 ? used.map((u) => `\`${u}\``).join(", ") : "the defaults"}.`);
  if (input.format === "raw")
    lines.push("", "The raw format keeps every judgment in scope, flagged ones included, with the reasons they were flagged in `flags`.");
  else if (qa.leftOut.length === 0 && qa.leftOutJudgments.flagged === 0) lines.push("", "Every labeled item is in the file.");
  else {
    lines.push("", "| left out | items | kept with |", "|---|---|---|");
    for (const l of qa.leftOut) lines.push(`| ${l.what}${l.reason === "degenerate" ? ` (${degenerateDetail(l.detail)})` : ""} | ${l.items} | ${l.keep} |`);
    if (qa.leftOutJudgments.flagged > 0) lines.push("", `${qa.leftOutJudgments.flagged} flagged judgments did not count toward labels.`);
  }
  if (input.format !== "raw")
    lines.push(
      "",
      `Mean agreement with the label: ${qa.file.meanAgreement === null ? "n/a" : qa.file.meanAgreement.toFixed(3)}; unanimous items: ${qa.file.unanimous} of ${qa.file.items}.`,
    );
  return lines;
}

function limitations(collectedHere: boolean, format: string): string[] {
  return [
    ...(collectedHere
      ? ["- Annotators are volunteers or staff of the deploying team, not a representative sample; their preferences reflect the guidelines above."]
      : []),
    ...(isExportFormat(format) && exportFormat(format).pairedOnly
      ? ["- Ties and both-bad judgments carry no preference and are not in this paired format; the csv and raw exports keep them."]
      : []),
    ...(format === "raw" ? [] : ["- Majority labels hide disagreement: use the per-item `agreement` field, or the raw export, which keeps every judgment."]),
    ...(collectedHere ? ["- Long responses may have been read in part in chat before the full text was opened."] : []),
  ];
}
