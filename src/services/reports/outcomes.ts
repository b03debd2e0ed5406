import { barChart } from "../../charts/kinds.js";
import type { CampaignRow } from "../../storage/repos/campaigns.repo.js";
import { listSnapshots, outcomesOfCampaign } from "../../storage/repos/snapshots.repo.js";
import type { ServiceContext } from "../context.js";
import { num, type Report } from "./report.js";

/**
 * Closing the loop: each snapshot (an export a pipeline trained on) with its size and the
 * campaign's agreement when it was taken, beside the outcomes the pipeline posted for it (model,
 * benchmark, metric, value). A lead sees whether more, or more agreed, data moved the benchmark.
 */
export async function outcomesReport(ctx: ServiceContext, campaign: CampaignRow): Promise<Report> {
  const snapshots = await listSnapshots(ctx.db, campaign.id);
  const outcomes = await outcomesOfCampaign(ctx.db, campaign.id);
  const bySnapshot = new Map<number, typeof outcomes>();
  for (const o of outcomes) bySnapshot.set(o.snapshotId, [...(bySnapshot.get(o.snapshotId) ?? []), o]);
  const table: string[][] = [["snapshot", "taken", "format", "items", "rows", "agreement (α)", "model", "benchmark", "metric", "value"]];
  for (const s of snapshots) {
    const base = [s.publicId, new Date(s.createdAt).toISOString().slice(0, 10), s.format, String(s.items), String(s.rows), num(s.agreement)];
    const posted = bySnapshot.get(s.id) ?? [];
    if (posted.length === 0) table.push([...base, "–", "–", "–", "–"]);
    for (const o of posted) table.push([...base, o.model, o.benchmark, o.metric, String(o.value)]);
  }
  const trained = snapshots.filter((s) => bySnapshot.has(s.id)).length;
  const summary = [
    snapshots.length === 0
      ? "No snapshot yet: exports through the API (GET /campaigns/{campaign}/export) become snapshots."
      : `${snapshots.length} snapshot${snapshots.length === 1 ? "" : "s"}, ${trained} with outcomes (${outcomes.length} in all).`,
  ];
  const charts =
    outcomes.length === 0
      ? []
      : [
          barChart({
            title: `Outcomes per snapshot · ${campaign.title ?? campaign.name}`,
            subtitle: summary[0]!,
            labels: outcomes.map((o) => `${o.snapshotPublicId.slice(5, 11)} ${o.model} ${o.benchmark}/${o.metric}`),
            values: outcomes.map((o) => o.value),
          }),
        ];
  return {
    kind: "outcomes",
    campaign: campaign.name,
    title: `Outcomes of ${campaign.title ?? campaign.name}`,
    summary,
    data: {
      snapshots: snapshots.map((s) => ({
        id: s.publicId,
        created_at: new Date(s.createdAt).toISOString(),
        format: s.format,
        sha256: s.sha256,
        items: s.items,
        rows: s.rows,
        agreement: s.agreement,
        outcomes: (bySnapshot.get(s.id) ?? []).map((o) => ({
          model: o.model,
          benchmark: o.benchmark,
          metric: o.metric,
          value: o.value,
          notes: o.notes,
          created_at: new Date(o.createdAt).toISOString(),
        })),
      })),
    },
    charts,
    table,
  };
}
