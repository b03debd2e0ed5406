import { PairwiseError } from "../../errors.js";
import type { ServiceContext } from "../context.js";
import { requireCampaign } from "../find-campaign.js";
import { agreementReport } from "./agreement.js";
import { annotatorsReport } from "./annotators.js";
import { biasReport } from "./bias.js";
import { driftReport } from "./drift.js";
import { goldReport } from "./gold.js";
import { judgeReport } from "./judge.js";
import { modelsReport } from "./models.js";
import { outcomesReport } from "./outcomes.js";
import { progressReport } from "./progress.js";
import { REPORT_KINDS, type Report, type ReportKind } from "./report.js";

export { REPORT_KINDS, type Report } from "./report.js";

const BUILDERS: Record<ReportKind, (ctx: ServiceContext, campaign: Awaited<ReturnType<typeof requireCampaign>>) => Promise<Report>> = {
  progress: progressReport,
  agreement: agreementReport,
  gold: goldReport,
  annotators: annotatorsReport,
  bias: biasReport,
  models: modelsReport,
  drift: driftReport,
  judge: judgeReport,
  outcomes: outcomesReport,
};

/** Builds one lead report of a campaign. */
export async function buildReport(ctx: ServiceContext, campaignName: string, kind: string): Promise<Report> {
  if (!(REPORT_KINDS as readonly string[]).includes(kind)) {
    throw new PairwiseError(
      "VALIDATION",
      `There is no "${kind}" report. Reports: ${REPORT_KINDS.join(", ")}. Example: /pairwise report ${campaignName} agreement`,
    );
  }
  return BUILDERS[kind as ReportKind](ctx, await requireCampaign(ctx, campaignName));
}

/** The report as plain text: title, summary lines, and the table when there is one. */
export function reportText(report: Report): string {
  const lines = [report.title, "", ...report.summary];
  if (report.table) {
    const widths = report.table[0]!.map((_, i) => Math.max(...report.table!.map((r) => (r[i] ?? "").length)));
    lines.push("", ...report.table.map((row) => row.map((cell, i) => cell.padEnd(widths[i]!)).join("  ")));
  }
  if (report.details) lines.push("", ...report.details);
  return `${lines.join("\n")}\n`;
}
