import { describe, expect, it } from "vitest";
import { attachPlatform } from "../../../src/app.js";
import { FakePlatform } from "../../fakes/fake-platform.js";
import { createTestCore, seedCampaign, seedComparisons } from "../../helpers/core.js";
import { action, button, command, form, textOf, user, viewOf } from "../../helpers/events.js";

async function setup(rate: number) {
  const core = createTestCore();
  const slack = new FakePlatform("slack");
  await attachPlatform(core, slack);
  const c = await seedCampaign(core, `name: c\nstatus: active\nguidelines: g\ngoldRate: 0\nqualificationGate: false\npeerReviewRate: ${rate}\noverlap: 3`);
  seedComparisons(core, c.id, 3);
  return { core, slack };
}

async function voteOnce(core: Awaited<ReturnType<typeof setup>>["core"], slack: FakePlatform, who: string) {
  const card = viewOf(await slack.emit(command(user(who), "next", ["c"])));
  core.clock.advance(60_000);
  const vote = button(card, "vote", (a) => a.choice === "1");
  await slack.emit(action(user(who), vote));
  return vote;
}

describe("peer review", () => {
  it("sends a sampled judgment to a second annotator, who sees the vote and rationale and agrees", async () => {
    const { core, slack } = await setup(1);
    await voteOnce(core, slack, "U1");
    const review = viewOf(await slack.emit(command(user("U2"), "next", ["c"])));
    expect(textOf(review)).toContain("Peer review");
    expect(textOf(review)).toContain("They chose: Response 1");
    // The author cannot review their own judgment: U1 gets a regular item.
    expect(textOf(viewOf(await slack.emit(command(user("U1"), "next", ["c"]))))).not.toContain("Peer review");
    const agree = button(review, "review", (a) => a.verdict === "agree");
    // Someone else clicking the reviewer's button is refused.
    expect(textOf(viewOf(await slack.emit(action(user("U3"), agree))))).toContain("given to someone else");
    const done = await slack.emit(action(user("U2"), agree));
    expect(textOf(viewOf(done))).toContain("You agreed");
    expect(core.services.db.$client.prepare("SELECT status, reason FROM peer_reviews").get()).toEqual({ status: "agreed", reason: "sampled" });
  });

  it("a disagreement needs a note, flags the judgment and sends the item to adjudication", async () => {
    const { core, slack } = await setup(1);
    await voteOnce(core, slack, "U1");
    const review = viewOf(await slack.emit(command(user("U2"), "next", ["c"])));
    const disagree = button(review, "review", (a) => a.verdict === "disagree");
    expect((await slack.emit(action(user("U2"), disagree))).kind).toBe("form");
    const empty = await slack.emit(form(user("U2"), { verb: "review_form", reviewId: disagree.reviewId, verdict: "disagree" }, { note: "" }));
    expect(empty.kind).toBe("form_errors");
    await slack.emit(form(user("U2"), { verb: "review_form", reviewId: disagree.reviewId, verdict: "disagree" }, { note: "Response 2 is the accurate one." }));
    const c = core.services.db.$client;
    expect(c.prepare("SELECT status, note FROM peer_reviews").get()).toEqual({ status: "disagreed", note: "Response 2 is the accurate one." });
    expect(c.prepare("SELECT kind FROM judgment_flags").all()).toEqual([{ kind: "peer_disagreed" }]);
    expect(c.prepare("SELECT reason, status FROM adjudications").all()).toEqual([{ reason: "review", status: "pending" }]);
  });

  it("samples at the campaign's rate", async () => {
    const { core, slack } = await setup(0);
    await voteOnce(core, slack, "U1");
    expect(core.services.db.$client.prepare("SELECT count(*) AS n FROM peer_reviews").get()).toEqual({ n: 0 });
  });
});
