import { afterEach, describe, expect, it } from "vitest";
import { importComparisons } from "../../../src/services/import-comparisons.js";
import { seedCampaign } from "../../helpers/core.js";
import { startSlackHarness, type SlackHarness } from "../../fakes/fake-slack/harness.js";

let h: SlackHarness;
afterEach(async () => h?.close());
const isPng = (b: Buffer | undefined) => !!b && b.subarray(0, 4).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47]));

describe("Slack reports and exports", () => {
  it("a lead's /pairwise report arrives as a chart through files.uploadV2, and /pairwise export as files", async () => {
    h = await startSlackHarness({ leads: [{ platform: "slack", userId: "ULEAD" }] });
    seedCampaign(h.core, "name: panda\ntitle: PandaLM\nguidelines: g\nstatus: active");
    await importComparisons(h.core.services, { campaign: "panda", path: "test/fixtures/data/PandaLM/testset-v1.json" });
    const ack = await h.command("ULEAD", "report panda agreement");
    expect(ack.status).toBe(200);
    const until = Date.now() + 10_000;
    while (h.slack.of("files.completeUploadExternal").length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    const complete = h.slack.of("files.completeUploadExternal")[0]!;
    const ids = (complete.files as { id: string }[]).map((f) => f.id);
    expect(isPng(h.slack.uploads.get(ids[0]!))).toBe(true);
    expect(String(complete.initial_comment)).toContain("Krippendorff");

    await h.command("ULEAD", "export panda trl");
    const until2 = Date.now() + 10_000;
    while (h.slack.of("files.completeUploadExternal").length < 2 && Date.now() < until2) await new Promise((r) => setTimeout(r, 50));
    const exported = h.slack.of("files.completeUploadExternal")[1]!;
    const files = exported.files as { id: string; title: string }[];
    expect(files.map((f) => f.title)).toEqual(["panda (trl)", "QA report", "Data card"]);
    expect(h.slack.uploads.get(files[0]!.id)!.toString("utf8").trim().split("\n")).toHaveLength(836);
    expect(String(exported.initial_comment)).toMatch(/Left out:[\s\S]*105 items: labeled tie or both_bad[\s\S]*58 items: degenerate training target/);
    expect(h.slack.refused()).toEqual([]);
  });

  it("an export with nothing to write answers with why, and uploads no empty file", async () => {
    h = await startSlackHarness({ leads: [{ platform: "slack", userId: "ULEAD" }] });
    seedCampaign(h.core, "name: empty\nguidelines: g\nstatus: active");
    await h.command("ULEAD", "export empty trl");
    const until = Date.now() + 10_000;
    while (h.slack.responses.length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    expect(h.slack.responses.map((r) => String(r.body.text))).toEqual([
      expect.stringContaining("Nothing to export from empty as trl, so no file was written. The campaign has no items yet"),
    ]);
    expect(h.slack.of("files.getUploadURLExternal")).toEqual([]);
    expect(h.slack.refused()).toEqual([]);
  });
});
