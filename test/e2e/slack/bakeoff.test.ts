import { afterEach, describe, expect, it } from "vitest";
import { tryParseAction } from "../../../src/core/action-ids.js";
import { createBakeoff } from "../../../src/services/bakeoff/create-bakeoff.js";
import { bakeoffStanding } from "../../../src/services/bakeoff/bakeoff-standing.js";
import { blockText, startSlackHarness, type SlackHarness } from "../../fakes/fake-slack/harness.js";
import { isAction } from "../../helpers/action-match.js";
import { bakeoffOutputs, preferredButton } from "../../helpers/bakeoff.js";
import { waitFor } from "../../helpers/wait-for.js";

let h: SlackHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const BEST_FIRST = ["model-b", "model-c", "model-a"];

describe("a bake-off in Slack (real Bolt app, fake Slack)", () => {
  it("a lead starts it in a channel; the team votes on the pairs; it stops itself, stable, with the leaderboard in the thread", async () => {
    h = await startSlackHarness({ leads: [{ platform: "slack", userId: "ULEAD" }] });
    const harness = h;
    await createBakeoff(harness.core.services, {
      settings: { name: "subjects", title: "Launch subject lines" },
      outputs: bakeoffOutputs(["model-a", "model-b", "model-c"], 5),
    });
    expect((await harness.command("ULEAD", "bakeoff start subjects", "CBAKE")).status).toBe(200);

    const root = await waitFor(() => harness.posts().find((p) => p.channel === "CBAKE" && !p.threadTs), "the announcement");
    expect(blockText(root.blocks)).toContain("3 models answered the same 5 prompts");
    const board = await waitFor(() => harness.posts().find((p) => p.threadTs === root.ts), "the leaderboard in the thread");
    expect(blockText(board.blocks)).toContain("Leaderboard · Launch subject lines");

    const pairIds = () =>
      harness
        .posts()
        .flatMap((p) =>
          p.blocks.filter((b) => b.type === "actions").flatMap((b) => (b.elements as { action_id: string }[]).map((e) => tryParseAction(e.action_id))),
        )
        .flatMap((a) => (a?.verb === "channel_vote" && a.choice === "1" ? [a.postId] : []));
    const running = async () => (await bakeoffStanding(harness.core.services, "subjects")).bakeoff.status === "running";
    const voted = new Set<number>();
    for (let n = 0; n < 100 && (await running()); n++) {
      const postId = await waitFor(() => pairIds().find((id) => !voted.has(id)), "a pair to vote on");
      voted.add(postId);
      const choice = await preferredButton(harness.core, postId, BEST_FIRST);
      expect(
        (
          await harness.click(
            `U${n % 4}`,
            isAction("channel_vote", (a) => a.postId === postId && a.choice === choice),
            { channel: "CBAKE" },
          )
        ).status,
      ).toBe(200);
      await waitFor(async () => !(await running()) || pairIds().filter((id) => !voted.has(id)).length === 2, "the next pair");
    }

    const outcome = await waitFor(
      () => harness.posts().find((p) => p.threadTs === root.ts && blockText(p.blocks).includes("Stable at 95%")),
      "the last word in the thread",
    );
    expect(blockText(outcome.blocks)).toMatch(new RegExp(`Stable at 95% after ${voted.size} votes: 1\\. model-b, 2\\. model-c, 3\\. model-a\\.`));
    const finalBoard = harness.message("CBAKE", board.ts)!;
    expect(blockText(finalBoard.blocks)).toMatch(/1\. \*model-b\*.*\n2\. \*model-c\*.*\n3\. \*model-a\*/);
    expect(blockText(finalBoard.blocks)).toContain("Stable at 95%");
    expect(harness.slack.refused()).toEqual([]);
  });
});
