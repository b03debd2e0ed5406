import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { actionIdsOfBlocks } from "../../../adapters/slack/history.js";
import { settleBackground } from "../../../src/core/dispatch-context.js";
import { advanceRunningBakeoffs } from "../../../src/core/handlers/bakeoff.js";
import { isAnnouncementOf } from "../../../src/core/handlers/bakeoff-announcement.js";
import { bakeoffStanding } from "../../../src/services/bakeoff/bakeoff-standing.js";
import { createBakeoff } from "../../../src/services/bakeoff/create-bakeoff.js";
import { startSlackHarness, type SlackHarness } from "../../fakes/fake-slack/harness.js";
import { bakeoffOutputs } from "../../helpers/bakeoff.js";
import { waitFor } from "../../helpers/wait-for.js";

const harnesses: SlackHarness[] = [];
afterEach(async () => {
  // The later harness runs on the first one's fake Slack: close it first.
  for (const h of harnesses.splice(0).reverse()) await h.close();
});

const LEADS = [{ platform: "slack" as const, userId: "ULEAD" }];

describe("a bake-off's announcement across a crash between its send and recording it (real Bolt app, fake Slack)", () => {
  it("the restarted bot finds the announcement in the channel and adopts it: announced once, the thread under it", async () => {
    const databasePath = join(mkdtempSync(join(tmpdir(), "pw-bakeoff-restart-")), "pairwise.db");
    const first = await startSlackHarness({ leads: LEADS, databasePath });
    harnesses.push(first);
    await createBakeoff(first.core.services, { settings: { name: "subjects" }, outputs: bakeoffOutputs(["model-a", "model-b", "model-c"], 4) });

    // Run 1: the announcement reaches Slack, but its answer is lost: the bot never learns its ts.
    first.slack.faults({ method: "chat.postMessage", status: 503, landed: true, count: 1 });
    expect((await first.command("ULEAD", "bakeoff start subjects", "CBAKE")).status).toBe(200);
    await first.settle();
    await settleBackground(first.core.deps);
    const campaignId = (await bakeoffStanding(first.core.services, "subjects")).bakeoff.campaignId;
    const announcements = () =>
      first.slack
        .channelMessages("CBAKE")
        .filter((m) =>
          isAnnouncementOf(
            { message: { platform: "slack", channelId: "CBAKE", messageId: String(m.ts) }, actionIds: actionIdsOfBlocks(m.blocks as unknown[]) },
            campaignId,
          ),
        );
    expect(announcements()).toHaveLength(1);
    const before = (await bakeoffStanding(first.core.services, "subjects")).bakeoff;
    expect(before.status).toBe("running");
    expect(before.rootMessageId).toBeNull();
    expect(before.announcementIntentAt).not.toBeNull();
    // Nothing else went out: no thread, no pair, without the announcement on record.
    expect(first.slack.of("chat.postMessage")).toHaveLength(1);

    // Run 2: a new process on the same database and the same Slack; the minute sweep takes the bake-off up.
    const second = await startSlackHarness({ leads: LEADS, databasePath, slack: first.slack });
    harnesses.push(second);
    await advanceRunningBakeoffs(second.core.deps);
    await settleBackground(second.core.deps);

    expect(announcements()).toHaveLength(1);
    const root = String(announcements()[0]!.ts);
    const after = (await bakeoffStanding(second.core.services, "subjects")).bakeoff;
    expect(after.rootMessageId).toBe(root);
    expect(second.slack.of("conversations.history").length).toBeGreaterThan(0);
    // The leaderboard went into the announcement's thread, and the pairs went out.
    const board = second.posts().find((p) => p.threadTs === root);
    expect(board?.text).toMatch(/^Leaderboard/);
    expect(after.boardMessageId).toBe(board!.ts);
    // The pairs planned in run 1 (recorded before the send) go out with the start-up reconciliation, paced.
    await waitFor(() => second.posts().filter((p) => p.channel === "CBAKE" && !p.threadTs).length === 1 + 2, "the two pairs", 15_000);

    // A later sweep changes nothing of that: the announcement is on record.
    const calls = second.slack.of("chat.postMessage").length;
    await advanceRunningBakeoffs(second.core.deps);
    await settleBackground(second.core.deps);
    expect(second.slack.of("chat.postMessage")).toHaveLength(calls);
  });
});
