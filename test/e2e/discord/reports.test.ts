import { afterEach, describe, expect, it } from "vitest";
import { PermissionFlagsBits } from "discord.js";
import { importComparisons } from "../../../src/services/import-comparisons.js";
import { seedCampaign } from "../../helpers/core.js";
import { startDiscordHarness, type DiscordHarness } from "../../fakes/fake-discord/harness.js";

let h: DiscordHarness;
afterEach(async () => h?.close());
const MANAGE = String(PermissionFlagsBits.ManageGuild);

describe("Discord reports and exports", () => {
  it("defers, then answers with the chart attached; an export arrives as files", async () => {
    h = await startDiscordHarness();
    // Manage Server leads the campaigns whose channels are in that server.
    seedCampaign(h.core, `name: panda\ntitle: PandaLM\nguidelines: g\nstatus: active\nchannels: [discord:${h.discord.channelId}]`);
    await importComparisons(h.core.services, { campaign: "panda", path: "test/fixtures/data/PandaLM/testset-v1.json" });
    const report = h.discord.command("ULEAD", "report", [{ name: "campaign", type: 3, value: "panda" }, { name: "kind", type: 3, value: "models" }], { permissions: MANAGE });
    await h.settle(3000);
    expect(h.discord.callbacks(report).map((c) => c.body.type)).toEqual([5]); // deferred first
    const followUp = h.discord.calls.find((c) => c.method === "POST" && c.path.startsWith("/webhooks/") && c.path.includes(report.token));
    expect(followUp?.files.map((f) => f.name)).toEqual(["panda-models.png", "panda-models-2.png", "panda-models.txt"]);
    expect(followUp!.files[0]!.data.subarray(1, 4).toString("latin1")).toBe("PNG");

    const exp = h.discord.command("ULEAD", "export", [{ name: "campaign", type: 3, value: "panda" }, { name: "format", type: 3, value: "csv" }], { permissions: MANAGE });
    await h.settle(3000);
    const files = h.discord.calls.find((c) => c.method === "POST" && c.path.startsWith("/webhooks/") && c.path.includes(exp.token))?.files ?? [];
    expect(files.map((f) => f.name)).toEqual(["panda-csv.csv", "panda-csv.qa.md", "panda-csv.card.md"]);
    expect(h.discord.calls.filter((c) => c.status >= 400)).toEqual([]);
  });
});
