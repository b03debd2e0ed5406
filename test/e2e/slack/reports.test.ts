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
    await seedCampaign(h.core, "name: panda\ntitle: PandaLM\nguidelines: g\nstatus: active");
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
    await seedCampaign(h.core, "name: empty\nguidelines: g\nstatus: active");
    await h.command("ULEAD", "export empty trl");
    const until = Date.now() + 10_000;
    while (h.slack.responses.length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    expect(h.slack.responses.map((r) => String(r.body.text))).toEqual([
      expect.stringContaining("Nothing to export from empty as trl, so no file was written. The campaign has no items yet"),
    ]);
    expect(h.slack.of("files.getUploadURLExternal")).toEqual([]);
    expect(h.slack.refused()).toEqual([]);
  });

  it("/pairwise export takes the CLI's selection options, and names the ones it knows when given another", async () => {
    h = await startSlackHarness({ leads: [{ platform: "slack", userId: "ULEAD" }] });
    await seedCampaign(h.core, "name: panda\ntitle: PandaLM\nguidelines: g\nstatus: active");
    await importComparisons(h.core.services, { campaign: "panda", path: "test/fixtures/data/PandaLM/testset-v1.json" });
    await h.command("ULEAD", "export panda trl --min-agreement 1 --keep-degenerate");
    await h.settle();
    const exported = h.slack.of("files.completeUploadExternal")[0]!;
    const files = exported.files as { id: string; title: string }[];
    expect(files[0]!.title).toBe("panda (trl)");
    // Unanimous items only (120 left out), degenerate targets kept: 794 rows, as `pairwise export` writes with the same options.
    expect(h.slack.uploads.get(files[0]!.id)!.toString("utf8").trim().split("\n")).toHaveLength(794);
    expect(String(exported.initial_comment)).toContain("120 items: agreement with the label below --min-agreement 1");
    expect(h.slack.uploads.get(files[2]!.id)!.toString("utf8")).toMatch(/min[_ -]?agreement/i);

    // Dawid-Skene labels, named in the data card as the aggregation used.
    await h.command("ULEAD", "export panda trl --aggregate dawid-skene");
    await h.settle();
    const byModel = h.slack.of("files.completeUploadExternal")[1]!.files as { id: string; title: string }[];
    expect(h.slack.uploads.get(byModel[2]!.id)!.toString("utf8")).toContain("Dawid-Skene");

    await h.command("ULEAD", "export panda trl --real-ids");
    await h.settle();
    const refusal = h.slack.responses.map((r) => String(r.body.text)).join("\n");
    expect(refusal).toContain("Unknown option '--real-ids'");
    expect(refusal).toContain("the CLI's only");
    expect(refusal).toContain("--min-agreement");
    expect(h.slack.refused()).toEqual([]);
  });
});
