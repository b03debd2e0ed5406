import { stringify } from "yaml";
import type { CampaignSettings } from "../../domain/campaign-settings.js";
import type { Db } from "../../storage/database.js";
import type { CampaignRow } from "../../storage/repos/campaigns.repo.js";
import type { ExportFilters } from "./labeled-items.js";
import type { QaReport } from "./qa-report.js";
import { aiShareLine } from "./ai-share.js";
import { humanJudgment } from "../../storage/human-judgments.js";

function sizeCategory(n: number): string {
  if (n < 1_000) return "n<1K";
  if (n < 10_000) return "1K<n<10K";
  if (n < 100_000) return "10K<n<100K";
  if (n < 1_000_000) return "100K<n<1M";
  return "1M<n<10M";
}

/**
 * A dataset card in the Hugging Face convention (YAML metadata header, then Markdown sections):
 * what the data is, who labeled it and how, the rubric and every guideline version, when it was
 * collected, the thresholds applied, known limitations and intended use.
 */
export function dataCard(input: {
  db: Db;
  campaign: CampaignRow;
  settings: CampaignSettings;
  format: string;
  fileName: string;
  rows: number;
  filters: ExportFilters;
  aggregation: string;
  qa: QaReport;
}): string {
  const { db, campaign, settings, qa } = input;
  const c = db.$client;
  const span = c.prepare(`SELECT min(created_at) AS first, max(created_at) AS last, count(*) AS n FROM judgments WHERE campaign_id = ? AND ${humanJudgment()}`).get(campaign.id) as { first: number | null; last: number | null; n: number };
  const pool = c
    .prepare(`SELECT a.platform, count(DISTINCT a.id) AS n FROM judgments j JOIN annotators a ON a.id = j.annotator_id WHERE j.campaign_id = ? AND ${humanJudgment("j")} GROUP BY a.platform`)
    .all(campaign.id) as { platform: string; n: number }[];
  const versions = c.prepare("SELECT version, text, created_at FROM guideline_versions WHERE campaign_id = ? ORDER BY version").all(campaign.id) as { version: number; text: string; created_at: number }[];
  const models = c
    .prepare("SELECT DISTINCT m FROM (SELECT model_a AS m FROM comparisons WHERE campaign_id = ? UNION SELECT model_b FROM comparisons WHERE campaign_id = ?) WHERE m IS NOT NULL ORDER BY m LIMIT 50")
    .all(campaign.id, campaign.id) as { m: string }[];
  const header = stringify({
    pretty_name: campaign.title ?? campaign.name,
    license: "other",
    language: ["en"],
    task_categories: ["text-generation", "reinforcement-learning"],
    tags: ["preference", "rlhf", "dpo", "reward-modeling", "human-feedback", "pairwise"],
    size_categories: [sizeCategory(input.rows)],
    configs: [{ config_name: "default", data_files: input.fileName }],
  }).trimEnd();
  const date = (ms: number | null) => (ms === null ? "n/a" : new Date(ms).toISOString().slice(0, 10));
  const filters = Object.entries(input.filters)
    .filter(([, v]) => v !== undefined && v !== false)
    .map(([k, v]) => `\`${k}\` = ${v instanceof Date ? v.toISOString() : String(v)}`);
  const lines = [
    "---",
    header,
    "---",
    "",
    `# ${campaign.title ?? campaign.name}`,
    "",
    "## Dataset description",
    "",
    campaign.description ?? `Human pairwise preference judgments collected with Pairwise in the campaign \`${campaign.name}\`.`,
    "",
    `This file (\`${input.fileName}\`, format \`${input.format}\`) holds ${input.rows} rows from ${qa.items.exported} labeled items. Each item is a prompt with two model responses; annotators chose the better one, a tie, or both bad. Labels are aggregated by ${input.aggregation}; a lead's adjudication overrides the vote where items stayed split.`,
    models.length > 0 ? `\nModels compared: ${models.map((m) => m.m).join(", ")}.` : "",
    ...(qa.ai ? ["", aiShareLine(qa.ai)] : []),
    "",
    "## Annotator pool",
    "",
    `${pool.reduce((s, p) => s + p.n, 0)} annotators (${pool.map((p) => `${p.n} on ${p.platform}`).join(", ") || "none"}), ${span.n} judgments. Identities are pseudonymized. New annotators pass calibration items first when the qualification gate is on (${settings.qualificationGate ? "on" : "off"}); gold items were injected at ${(settings.goldRate * 100).toFixed(1)}% of assignments; the display order of the two responses was randomized per assignment.`,
    "",
    "## Rubric",
    "",
    settings.rubric.length === 0 ? "No rubric dimensions were scored." : settings.rubric.map((d) => `- **${d.label ?? d.name}** (\`${d.name}\`, 1–5 per response): ${d.description}`).join("\n"),
    "",
    "## Guidelines",
    "",
    ...versions.flatMap((v) => [`### Version ${v.version} (from ${date(v.created_at)})`, "", v.text.trim(), ""]),
    "## Collection",
    "",
    `Judgments from ${date(span.first)} to ${date(span.last)}, collected in Slack and Discord through Pairwise. Each item targets ${settings.overlap} independent judgments (up to ${settings.maxOverlap} when they split).`,
    "",
    "## Thresholds applied",
    "",
    `- campaign: calibration kappa ≥ ${settings.thresholds.calibrationKappa}, gold accuracy ≥ ${settings.thresholds.goldAccuracy}, agreement target ${settings.thresholds.agreementTarget}`,
    `- export filters: ${filters.length > 0 ? filters.join(", ") : "none"}`,
    `- mean agreement with the label: ${qa.items.meanAgreement === null ? "n/a" : qa.items.meanAgreement.toFixed(3)}; unanimous items: ${qa.items.unanimous} of ${qa.items.exported}`,
    "",
    "## Known limitations",
    "",
    "- Annotators are volunteers or staff of the deploying team, not a representative sample; their preferences reflect the guidelines above.",
    "- Ties and both-bad judgments carry no preference and are left out of paired formats (TRL, OpenRLHF, HH-RLHF).",
    "- Majority labels hide disagreement: use the per-item `agreement` field, or the raw export, which keeps every judgment.",
    "- Long responses may have been read in part in chat before the full text was opened.",
    "",
    "## Intended use",
    "",
    "Training and evaluating reward models and preference-optimized language models (RLHF, DPO, KTO), and studying annotator agreement. Not for judging the annotators as people.",
    "",
    "## Quality report",
    "",
    "See the QA report written beside this file (Markdown and JSON).",
    "",
  ];
  return lines.join("\n");
}
