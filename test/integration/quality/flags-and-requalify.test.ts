import { describe, expect, it } from "vitest";
import { attachPlatform } from "../../../src/app.js";
import { settleBackground } from "../../../src/core/dispatch-context.js";
import type { Reply } from "../../../src/core/events.js";
import { toScreenChoice } from "../../../src/domain/choice.js";
import { FakePlatform } from "../../fakes/fake-platform.js";
import { createTestCore, seedCampaign, seedComparisons, type TestCore } from "../../helpers/core.js";
import { action, button, buttonsOf, command, textOf, user, viewOf } from "../../helpers/events.js";

const statusOf = (core: TestCore, userId: string) =>
  (core.services.db.$client.prepare("SELECT status FROM annotators WHERE user_id = ?").get(userId) as { status: string }).status;
const dmsTo = (slack: FakePlatform, userId: string) =>
  slack
    .of("postMessage")
    .filter((p) => p.to.kind === "direct" && p.to.user.userId === userId)
    .map((p) => p.view.text);

/** Votes until `answers` gold items are answered, the first `right` of them correctly (8 of 10 falls under the bar). */
async function flagByGold(core: TestCore, slack: FakePlatform, userId: string, answers = 10, right = 8): Promise<void> {
  for (let gold = 0; gold < answers; ) {
    const card = viewOf(await slack.emit(command(user(userId), "next", ["c"])));
    const vote = button(card, "vote", (a) => a.choice === "1");
    const a = core.services.db.$client.prepare("SELECT display_order, kind FROM assignments WHERE id = ?").get(vote.assignmentId) as {
      display_order: "ab" | "ba";
      kind: string;
    };
    if (a.kind !== "gold") {
      await slack.emit(action(user(userId), vote));
      continue;
    }
    const correct = toScreenChoice("a", a.display_order);
    const rightAnswers = right;
    await slack.emit(
      action(user(userId), { verb: "vote", assignmentId: vote.assignmentId, choice: gold < rightAnswers ? correct : correct === "1" ? "2" : "1" }),
    );
    gold++;
  }
  await settleBackground(core.deps);
}

describe("flags are explained, and leads can give a fresh start", () => {
  it("tells an annotator kindly when an answer is flagged as too fast, and offers the guidelines", async () => {
    const core = createTestCore();
    const slack = new FakePlatform("slack");
    await attachPlatform(core, slack);
    const c = await seedCampaign(core, "name: c\nstatus: active\nguidelines: g\nqualificationGate: false");
    seedComparisons(core, c.id, 3, { text: () => ({ a: "A long answer. ".repeat(200), b: "Another long answer. ".repeat(200) }) });
    const card = viewOf(await slack.emit(command(user("U1"), "next", ["c"])));
    const reply: Reply = await slack.emit(
      action(
        user("U1"),
        button(card, "vote", (a) => a.choice === "1"),
      ),
    );
    expect(reply.kind).toBe("update");
    const note = reply.kind === "update" ? reply.privateNote : undefined;
    expect(note?.text).toContain("this answer came faster than the two responses can be read");
    expect(note?.text).toContain("a second annotator will look at it");
    expect(buttonsOf(note!).map((a) => a.verb)).toEqual(["guidelines"]);

    // Said once a day: the next too-fast answer is flagged, but not told again until tomorrow.
    const noteOf = (r: Reply) => (r.kind === "update" ? r.privateNote : undefined);
    core.clock.advance(1000);
    const second = viewOf(await slack.emit(command(user("U1"), "next", ["c"])));
    core.clock.advance(1000);
    expect(
      noteOf(
        await slack.emit(
          action(
            user("U1"),
            button(second, "vote", (a) => a.choice === "2"),
          ),
        ),
      ),
    ).toBeUndefined();
    expect(core.services.db.$client.prepare("SELECT count(*) AS n FROM judgment_flags WHERE kind = 'too_fast'").get()).toEqual({ n: 2 });
    core.clock.advance(25 * 3600_000);
    const third = viewOf(await slack.emit(command(user("U1"), "next", ["c"])));
    expect(
      noteOf(
        await slack.emit(
          action(
            user("U1"),
            button(third, "vote", (a) => a.choice === "1"),
          ),
        ),
      )?.text,
    ).toContain("faster than");
  });

  it("sends the gold flag to the campaign's leads by DM when it has no leads' channel, with the command to requalify", async () => {
    const core = createTestCore({ seed: 11 });
    const slack = new FakePlatform("slack");
    await attachPlatform(core, slack);
    const c = await seedCampaign(core, "name: c\nstatus: active\nguidelines: g\ngoldRate: 0.5\noverlap: 1\nleads: [slack:ULEAD]");
    seedComparisons(core, c.id, 60, { overlap: 1 });
    seedComparisons(core, c.id, 30, { kind: "gold", gold: "a", prefix: "gold" });
    await flagByGold(core, slack, "U1");
    expect(statusOf(core, "U1")).toBe("needs_calibration");
    const told = dmsTo(slack, "U1").find((t) => t.includes("under the campaign's bar"));
    expect(told).toContain("the campaign's leads have been told");
    const lead = dmsTo(slack, "ULEAD");
    expect(lead).toHaveLength(1);
    expect(lead[0]).toContain("<@U1> is at 80%");
    expect(lead[0]).toContain("/pairwise requalify c slack:U1");

    // With no calibration items, the annotator waits for a lead: the leads hear it once, truly.
    const stuck = textOf(viewOf(await slack.emit(command(user("U1"), "next", ["c"]))));
    expect(stuck).toContain("The campaign's leads have been told");
    await slack.emit(command(user("U1"), "next", ["c"]));
    await settleBackground(core.deps);
    const waits = dmsTo(slack, "ULEAD").filter((t) => t.includes("waits for a calibration"));
    expect(waits).toHaveLength(1);
    expect(waits[0]).toContain('"kind": "calibration"');

    // Only the campaign's leads may requalify, and only people who worked in it.
    expect(textOf(viewOf(await slack.emit(command(user("U2"), "requalify", ["c", "slack:U1"]))))).toContain("for campaign leads");
    expect(textOf(viewOf(await slack.emit(command(user("ULEAD"), "requalify", ["c", "slack:U9"]))))).toContain('Nobody called "slack:U9" has worked in c');
    core.clock.advance(60_000);
    const done = textOf(viewOf(await slack.emit(command(user("ULEAD"), "requalify", ["c", "<@U1>"]))));
    expect(done).toContain("U1 (slack:U1) was needs calibration and is now qualified");
    expect(statusOf(core, "U1")).toBe("qualified");
    await settleBackground(core.deps);
    expect(dmsTo(slack, "U1").some((t) => t.includes("A lead requalified you"))).toBe(true);
    // A fresh start: the gold answers that led to the flag do not flag them again at the next one.
    const card = viewOf(await slack.emit(command(user("U1"), "next", ["c"])));
    expect(buttonsOf(card).some((a) => a.verb === "vote")).toBe(true);
    core.clock.advance(60_000);
    await flagByGold(core, slack, "U1", 1, 0);
    expect(statusOf(core, "U1")).toBe("qualified");

    // --reset: back to new, so the qualification calibration comes first.
    const reset = textOf(viewOf(await slack.emit(command(user("ULEAD"), "requalify", ["c", "U1", "--reset"]))));
    expect(reset).toContain("is now new");
    expect(statusOf(core, "U1")).toBe("new");
  });

  it("lists requalify in the leads' help", async () => {
    const core = createTestCore({ leads: [{ platform: "slack", userId: "ULEAD" }] });
    const slack = new FakePlatform("slack");
    await attachPlatform(core, slack);
    expect(textOf(viewOf(await slack.emit(command(user("ULEAD"), "help"))))).toContain("/pairwise requalify <campaign> <annotator> [--reset]");
    expect(textOf(viewOf(await slack.emit(command(user("U1"), "help"))))).not.toContain("requalify");
    expect(textOf(viewOf(await slack.emit(command(user("U1"), "help"))))).toContain("/pairwise guidelines [campaign]");
  });
});
