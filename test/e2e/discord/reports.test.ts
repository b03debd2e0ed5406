import { afterEach, describe, expect, it } from "vitest";
import { PermissionFlagsBits } from "discord.js";
import { importComparisons } from "../../../src/services/import-comparisons.js";
import { seedCampaign } from "../../helpers/core.js";
import { DISCORD_DELIVERIES, startDiscordHarness, type DiscordHarness } from "../../fakes/fake-discord/harness.js";
import { waitFor } from "../../helpers/wait-for.js";

let h: DiscordHarness;
afterEach(async () => h?.close());
const MANAGE = String(PermissionFlagsBits.ManageGuild);

describe.each(DISCORD_DELIVERIES)("Discord reports and exports (%s)", (_delivery, delivery) => {
  it("defers, then answers with the chart attached; an export arrives as files", async () => {
    h = await startDiscordHarness({ ...delivery });
    // Manage Server leads the campaigns whose channels are in that server.
    await seedCampaign(h.core, `name: panda\ntitle: PandaLM\nguidelines: g\nstatus: active\nchannels: [discord:${h.discord.channelId}]`);
    await importComparisons(h.core.services, { campaign: "panda", path: "test/fixtures/data/PandaLM/testset-v1.json" });
    const report = h.discord.command(
      "ULEAD",
      "report",
      [
        { name: "campaign", type: 3, value: "panda" },
        { name: "kind", type: 3, value: "models" },
      ],
      { permissions: MANAGE },
    );
    // Deferred first ("thinking…"), then completed by editing the original response, files included;
    // no follow-up, and nothing left saying "thinking".
    const edit = await waitFor(
      () => h.discord.calls.find((c) => c.method === "PATCH" && c.path.endsWith(`/${report.token}/messages/@original`)),
      "the original response's edit",
      30_000,
    );
    expect(h.discord.callbacks(report).map((c) => c.body.type)).toEqual([5]);
    expect(edit.files.map((f) => f.name)).toEqual(["panda-models.png", "panda-models-2.png", "panda-models.txt"]);
    expect(edit.files[0]!.data.subarray(1, 4).toString("latin1")).toBe("PNG");
    expect(h.discord.followUps(report)).toEqual([]);
    expect(h.discord.original(report)!.content).not.toContain("thinking");
    expect(h.discord.original(report)!.attachments).toHaveLength(3);

    const exp = h.discord.command(
      "ULEAD",
      "export",
      [
        { name: "campaign", type: 3, value: "panda" },
        { name: "format", type: 3, value: "csv" },
      ],
      { permissions: MANAGE },
    );
    const exported = await waitFor(
      () => h.discord.calls.find((c) => c.method === "PATCH" && c.path.endsWith(`/${exp.token}/messages/@original`)),
      "the export's edit",
      30_000,
    );
    expect(exported.files.map((f) => f.name)).toEqual(["panda-csv.csv", "panda-csv.qa.md", "panda-csv.card.md"]);
    expect(h.discord.followUps(exp)).toEqual([]);
    expect(h.discord.calls.filter((c) => c.status >= 400)).toEqual([]);
  });
});
