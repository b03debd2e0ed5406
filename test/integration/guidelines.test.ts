import { describe, expect, it } from "vitest";
import { attachPlatform } from "../../src/app.js";
import { settleBackground } from "../../src/core/dispatch-context.js";
import { parseCampaignText } from "../../src/io/campaign-file.js";
import { saveCampaign } from "../../src/services/save-campaign.js";
import { FakePlatform } from "../fakes/fake-platform.js";
import { createTestCore, seedCampaign, seedComparisons } from "../helpers/core.js";
import { action, button, buttonsOf, command, textOf, user, viewOf } from "../helpers/events.js";

const CAMPAIGN = (guidelines: string) =>
  `name: c\ntitle: Helpfulness\nstatus: active\nqualificationGate: false\noverlap: 3\nguidelines: ${JSON.stringify(guidelines)}\nrubric:\n  - name: accuracy\n    label: Accuracy\n    description: Every fact is right.\n`;

describe("guidelines on every card", () => {
  it("offers the current guidelines and rubric privately from the card, in full however long", async () => {
    const core = createTestCore();
    const slack = new FakePlatform("slack");
    await attachPlatform(core, slack);
    const long = `Prefer the answer that helps. ${"Details matter. ".repeat(600)}The end.`;
    const c = await seedCampaign(core, CAMPAIGN(long));
    seedComparisons(core, c.id, 3);
    const card = viewOf(await slack.emit(command(user("U1"), "next", ["c"])));
    const reply = await slack.emit(action(user("U1"), button(card, "guidelines")));
    expect(reply.kind).toBe("private");
    const view = viewOf(reply);
    const guidelines = view.blocks.find((b) => b.type === "long_text" && b.title === "Guidelines");
    // The whole text goes to the adapter as a long text with a full-text path: never cut.
    expect(guidelines).toMatchObject({ type: "long_text", text: long });
    expect(textOf(view)).toContain("Accuracy (accuracy, scored 1–5): Every fact is right.");
    const fullId = guidelines?.type === "long_text" ? guidelines.fullTextActionId : undefined;
    expect(fullId).toBeDefined();
    const file = await slack.emit(action(user("U1"), { verb: "guidelines_full", campaignId: c.id }));
    expect(file.kind).toBe("file");
    if (file.kind === "file") expect(file.files[0]!.data.toString("utf8")).toContain("The end.");

    // After a vote the card still has it; so does `/pairwise guidelines`.
    const voted = viewOf(
      await slack.emit(
        action(
          user("U1"),
          button(card, "vote", (a) => a.choice === "1"),
        ),
      ),
    );
    expect(buttonsOf(voted).some((a) => a.verb === "guidelines")).toBe(true);
    expect(textOf(viewOf(await slack.emit(command(user("U1"), "guidelines"))))).toContain("The end.");
  });

  it("keeps the vote buttons on a voted card, so the answer can be changed as the card says", async () => {
    const core = createTestCore();
    const slack = new FakePlatform("slack");
    await attachPlatform(core, slack);
    const c = await seedCampaign(core, CAMPAIGN("g"));
    seedComparisons(core, c.id, 3);
    const card = viewOf(await slack.emit(command(user("U1"), "next", ["c"])));
    const voted = viewOf(
      await slack.emit(
        action(
          user("U1"),
          button(card, "vote", (a) => a.choice === "1"),
        ),
      ),
    );
    expect(textOf(voted)).toContain("you can change your answer");
    const changed = viewOf(
      await slack.emit(
        action(
          user("U1"),
          button(voted, "vote", (a) => a.choice === "2"),
        ),
      ),
    );
    expect(textOf(changed)).toContain("Changed to: Response 2");
  });

  it("says once, on the next card, that the guidelines changed", async () => {
    const core = createTestCore();
    const slack = new FakePlatform("slack");
    await attachPlatform(core, slack);
    const c = await seedCampaign(core, CAMPAIGN("Version one."));
    seedComparisons(core, c.id, 6);
    const first = viewOf(await slack.emit(command(user("U1"), "next", ["c"])));
    expect(textOf(first)).not.toContain("Guidelines changed");
    await slack.emit(
      action(
        user("U1"),
        button(first, "vote", (a) => a.choice === "1"),
      ),
    );
    await saveCampaign(core.services, { file: parseCampaignText(CAMPAIGN("Version two."), "c.yaml"), mode: "update" });
    await saveCampaign(core.services, { file: parseCampaignText(CAMPAIGN("Version three."), "c.yaml"), mode: "update" });

    const second = viewOf(await slack.emit(command(user("U1"), "next", ["c"])));
    expect(textOf(second)).toContain("*Guidelines changed to v3* since your last item (v1)");
    const read = second.blocks.find((b) => b.type === "actions" && b.buttons.some((x) => x.label === "Read guidelines v3"));
    expect(read).toBeDefined();
    expect(textOf(viewOf(await slack.emit(action(user("U1"), button(second, "guidelines")))))).toContain("Version three.");
    await slack.emit(
      action(
        user("U1"),
        button(second, "vote", (a) => a.choice === "2"),
      ),
    );
    // Said once: the card after that is quiet, and so is a newcomer's first card.
    expect(textOf(viewOf(await slack.emit(command(user("U1"), "next", ["c"]))))).not.toContain("Guidelines changed");
    expect(textOf(viewOf(await slack.emit(command(user("U2"), "next", ["c"]))))).not.toContain("Guidelines changed");
  });

  it("puts the button on channel posts too", async () => {
    const core = createTestCore({ leads: [{ platform: "slack", userId: "ULEAD" }] });
    const slack = new FakePlatform("slack");
    await attachPlatform(core, slack);
    const c = await seedCampaign(core, `${CAMPAIGN("Channel rules.")}channels: [slack:CLAB]\n`);
    seedComparisons(core, c.id, 2);
    await slack.emit(command(user("ULEAD"), "post", ["c", "1"]));
    await settleBackground(core.deps);
    const post = slack.of("postMessage").find((p) => p.to.kind === "channel");
    expect(post).toBeDefined();
    const reply = await slack.emit(action(user("U1"), button(post!.view, "guidelines")));
    expect(reply.kind).toBe("private");
    expect(textOf(viewOf(reply))).toContain("Channel rules.");
  });
});
