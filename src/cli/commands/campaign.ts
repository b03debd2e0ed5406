import type { Command } from "commander";
import { cliOutput, withCliContext } from "../context.js";
import { campaignProgress } from "../../services/campaign-progress.js";
import type { ServiceContext } from "../../services/context.js";

const EXAMPLE = `
Example campaign file (YAML; JSON works too):

  name: helpfulness-v1            # lowercase, digits, - and _
  title: Helpfulness, round 1
  status: active                  # draft | active | paused | closed
  channels: [slack:C0123ABC, discord:112233445566778899]
  leadsChannels: [slack:C0LEADS]
  guidelines: |
    Pick the response that answers the user's request more helpfully and accurately.
  rubric:
    - name: accuracy
      description: Facts are correct and nothing is invented.
  overlap: 3                      # judgments per item
  goldRate: 0.06                  # share of assignments that are gold checks
  rationale: optional             # or required
  leaseMinutes: 30
  thresholds: { calibrationKappa: 0.65, goldAccuracy: 0.88 }
  aiJudge: { confidentOverlap: 1, show: never }   # the AI first pass: see pairwise prescore --help
`;

export function registerCampaignCommand(program: Command): void {
  const campaign = program.command("campaign").description("Create, update and inspect campaigns").addHelpText("after", EXAMPLE);

  for (const mode of ["create", "update"] as const) {
    campaign
      .command(`${mode} <file>`)
      .description(
        mode === "create" ? "Create a campaign from a campaign file" : "Update a campaign from its file (a changed guidelines text becomes a new version)",
      )
      .addHelpText("after", EXAMPLE)
      .action(async (file: string) => {
        const [{ readCampaignFile }, { saveCampaign }] = await Promise.all([import("../../io/campaign-file.js"), import("../../services/save-campaign.js")]);
        await withCliContext(async (ctx) => {
          const parsed = readCampaignFile(file);
          const result = await saveCampaign(ctx, { file: parsed, mode });
          const verb = result.created ? "Created" : "Updated";
          cliOutput.out(
            `${verb} campaign ${result.campaign.name} (${result.campaign.status}); guidelines v${result.guidelineVersion}${result.newGuidelineVersion && !result.created ? " (new version)" : ""}.`,
          );
        });
      });
  }

  campaign
    .command("list")
    .description("List campaigns with status and progress")
    .option("--json", "print JSON")
    .action(async (options: { json?: boolean }) => {
      const { listCampaignRows } = await import("../../storage/repos/campaigns.repo.js");
      await withCliContext(async (ctx) => {
        const rows = await Promise.all(
          (await listCampaignRows(ctx.db)).map(async (c) => ({ name: c.name, title: c.title, status: c.status, ...(await progressOf(ctx, c.id)) })),
        );
        if (options.json) return cliOutput.out(JSON.stringify(rows, null, 2));
        if (rows.length === 0) return cliOutput.out("No campaigns yet. Create one with `pairwise campaign create <file>`.");
        for (const r of rows)
          cliOutput.out(
            `${r.name.padEnd(24)} ${r.status.padEnd(7)} ${r.complete}/${r.items} items complete, ${r.judgments} judgments${r.title ? `  ${r.title}` : ""}`,
          );
      });
    });

  campaign
    .command("show <name>")
    .description("Show a campaign's settings, channels, guidelines and progress")
    .option("--json", "print JSON")
    .action(async (name: string, options: { json?: boolean }) => {
      const [{ campaignSettings, requireCampaign }, { channelsOfCampaign, latestGuidelineVersion }] = await Promise.all([
        import("../../services/find-campaign.js"),
        import("../../storage/repos/campaigns.repo.js"),
      ]);
      await withCliContext(async (ctx) => {
        const c = await requireCampaign(ctx, name);
        const settings = campaignSettings(c);
        const guideline = await latestGuidelineVersion(ctx.db, c.id);
        const channels = (await channelsOfCampaign(ctx.db, c.id)).map((ch) => `${ch.platform}:${ch.channelId}${ch.purpose === "leads" ? " (leads)" : ""}`);
        const info = {
          name: c.name,
          title: c.title,
          status: c.status,
          channels,
          guidelineVersion: guideline?.version ?? null,
          settings,
          progress: await progressOf(ctx, c.id),
        };
        if (options.json) return cliOutput.out(JSON.stringify({ ...info, guidelines: guideline?.text ?? null }, null, 2));
        cliOutput.out(`${c.name}${c.title ? ` · ${c.title}` : ""}\nstatus: ${c.status}\nchannels: ${channels.join(", ") || "none"}`);
        cliOutput.out(
          `progress: ${info.progress.complete}/${info.progress.items} items complete, ${info.progress.judgments} judgments, ${info.progress.gold} gold items`,
        );
        cliOutput.out(`settings: ${JSON.stringify(settings)}`);
        cliOutput.out(`guidelines v${guideline?.version ?? 0}:\n${guideline?.text ?? "(none)"}`);
      });
    });
}

/** The progress `campaign list` and `show` print: regular items, and the judgments on every item, gold and calibration included. */
async function progressOf(ctx: ServiceContext, campaignId: number) {
  const p = await campaignProgress(ctx, campaignId);
  return { items: p.items, complete: p.complete, gold: p.checkItems, judgments: p.judgments + p.checkJudgments };
}
