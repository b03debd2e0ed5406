import { barChart } from "../../charts/kinds.js";
import { annotatorQa } from "../../io/export/qa-report.js";
import type { CampaignRow } from "../../storage/repos/campaigns.repo.js";
import type { ServiceContext } from "../context.js";
import { pct, type Report } from "./report.js";
import { leadNamer } from "./lead-names.js";
import { count } from "../../domain/plural.js";

/** A table of annotators: judgments, gold accuracy, agreement with the others, median time, flags. */
export async function annotatorsReport(ctx: ServiceContext, campaign: CampaignRow): Promise<Report> {
  const qa = await annotatorQa(ctx.db, campaign.id, false);
  const rows = qa.annotators;
  const title = campaign.title ?? campaign.name;
  const table = [
    ["annotator", "status", "judgments", "gold accuracy", "agreement", "median time", "flagged"],
    ...rows.map((a) => [
      a.annotator,
      a.status.replace("_", " "),
      String(a.judgments),
      a.goldAnswered ? `${pct(a.goldAccuracy)} of ${a.goldAnswered}` : "n/a",
      pct(a.agreementWithOthers),
      a.medianSeconds === null ? "n/a" : `${a.medianSeconds.toFixed(0)} s`,
      String(a.flagged),
    ]),
  ];
  const flagged = rows.filter((a) => a.flagged > 0).length;
  const shown = await leadNamer(ctx.db);
  return {
    kind: "annotators",
    campaign: campaign.name,
    title: `Annotators of ${title}`,
    summary:
      rows.length === 0
        ? ["No annotator has judged an item yet."]
        : [
            `${count(rows.length, "annotator")}; ${flagged} with flagged judgments; ${rows.filter((a) => a.status === "needs_calibration").length} need calibration.`,
          ],
    data: { annotators: rows },
    table,
    charts:
      rows.length > 0
        ? [
            barChart({
              title: `Judgments per annotator · ${title}`,
              subtitle: "judgments · agreement with the others' majority",
              labels: rows.slice(0, 25).map((a) => shown(a.annotator)),
              values: rows.slice(0, 25).map((a) => a.judgments),
              valueLabels: rows.slice(0, 25).map((a) => `${a.judgments} · ${pct(a.agreementWithOthers)}`),
            }),
          ]
        : [],
  };
}
