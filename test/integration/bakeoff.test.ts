import { beforeEach, describe, expect, it } from "vitest";
import { attachPlatform } from "../../src/app.js";
import { parseAction } from "../../src/core/action-ids.js";
import type { MessageRef } from "../../src/core/platform.js";
import { createBakeoff } from "../../src/services/bakeoff/create-bakeoff.js";
import { bakeoffStanding } from "../../src/services/bakeoff/bakeoff-standing.js";
import { channelVote } from "../../src/services/channel-vote.js";
import { advanceRunningBakeoffs } from "../../src/core/handlers/bakeoff.js";
import { FakePlatform } from "../fakes/fake-platform.js";
import { bakeoffOutputs, preferredButton } from "../helpers/bakeoff.js";
import { createTestCore, type TestCore } from "../helpers/core.js";
import { action, command, textOf, user, viewOf } from "../helpers/events.js";
import { quiescent, waitFor } from "../helpers/wait-for.js";

const BEST_FIRST = ["model-c", "model-a", "model-d", "model-b"];
const CHANNEL = { platform: "slack" as const, channelId: "CBAKE" };

let core: TestCore;
let slack: FakePlatform;
beforeEach(async () => {
  core = createTestCore({ leads: [{ platform: "slack", userId: "ULEAD" }] });
  slack = new FakePlatform("slack");
  await attachPlatform(core, slack);
  await createBakeoff(core.services, {
    settings: { name: "subjects", title: "Launch subject lines" },
    outputs: bakeoffOutputs(["model-a", "model-b", "model-c", "model-d"], 6),
  });
});

/** Channel posts of pairs (they carry vote buttons), by post id, with the message they went out as. */
function pairPosts(): Map<number, MessageRef> {
  const posts = new Map<number, MessageRef>();
  for (const call of slack.of("postMessage")) {
    for (const block of call.view.blocks) {
      if (block.type !== "actions") continue;
      for (const b of block.buttons) {
        const a = parseAction(b.actionId);
        if (a.verb === "channel_vote") posts.set(a.postId, call.ref);
      }
    }
  }
  return posts;
}

const settled = () => quiescent(() => slack.calls.length, 30);
/** Emits an event and carries out a deferred reply, as an adapter does. */
const run = async (event: Parameters<typeof slack.emit>[0]) => {
  const reply = await slack.emit(event);
  return reply.kind === "deferred" ? reply.work() : reply;
};

describe("a bake-off in a channel, through the core and a recording platform", () => {
  it("in a channel the bot is not in: says so at once with what to do, goes back to draft, and the sweep leaves it alone", async () => {
    slack.noAccess.add(CHANNEL.channelId);
    const deferred = await slack.emit(command(user("ULEAD"), "bakeoff", ["start", "subjects"], { channel: CHANNEL }));
    const reply = deferred.kind === "deferred" ? await deferred.work() : deferred;
    expect(textOf(viewOf(reply))).toBe(
      "Bake-off subjects was not started: Pairwise is not a member of this channel, so it cannot post here. To fix it, type `/invite @Pairwise` in that channel, then run `/pairwise bakeoff start subjects` again.",
    );
    expect((await bakeoffStanding(core.services, "subjects")).bakeoff.status).toBe("draft");
    const attempts = slack.attempts;
    await advanceRunningBakeoffs(core.deps);
    expect(slack.attempts).toBe(attempts);
    // Invited: it starts.
    slack.noAccess.clear();
    const again = await slack.emit(command(user("ULEAD"), "bakeoff", ["start", "subjects"], { channel: CHANNEL }));
    const started = again.kind === "deferred" ? await again.work() : again;
    expect(textOf(viewOf(started))).toContain("Bake-off subjects starts in this channel");
  });

  it("posts the pairs, keeps the leaderboard in a thread, and stops itself when the ranking is stable", async () => {
    const deferred = await slack.emit(command(user("ULEAD"), "bakeoff", ["start", "subjects"], { channel: CHANNEL }));
    // The first round goes out before the answer, so the answer says what happened.
    expect(deferred.kind).toBe("deferred");
    const reply = deferred.kind === "deferred" ? await deferred.work() : deferred;
    expect(textOf(viewOf(reply))).toContain("Bake-off subjects starts in this channel");
    await waitFor(() => pairPosts().size === 2 && slack.of("startThread").length === 1, "the announcement, the leaderboard thread and two pairs");
    const announcement = slack.of("postMessage")[0]!;
    expect(textOf(announcement.view)).toContain("4 models answered the same 6 prompts");
    expect(slack.of("startThread")[0]!.message).toEqual(announcement.ref);

    const voted = new Set<number>();
    const running = async () => (await bakeoffStanding(core.services, "subjects")).bakeoff.status === "running";
    for (let round = 0; round < 200 && (await running()); round++) {
      const [postId, message] = await waitFor(() => [...pairPosts()].find(([id]) => !voted.has(id)), "a pair waiting for its vote");
      voted.add(postId);
      await slack.emit(
        action(user(`U${round % 5}`), { verb: "channel_vote", postId, choice: await preferredButton(core, postId, BEST_FIRST) }, { message, channel: CHANNEL }),
      );
      await waitFor(async () => !(await running()) || [...pairPosts()].filter(([id]) => !voted.has(id)).length === 2, "the next pair");
    }
    await waitFor(() => slack.of("postMessage").some((p) => textOf(p.view).includes("Stable at 95%")), "the last word");
    await settled();
    const { bakeoff, board } = await bakeoffStanding(core.services, "subjects");
    expect(bakeoff.status).toBe("stable");
    expect(board.rows.map((r) => r.model)).toEqual(BEST_FIRST);
    expect(bakeoff.outcome).toMatch(new RegExp(`^Stable at 95% after ${voted.size} votes: 1\\. model-c, 2\\. model-a, 3\\. model-d, 4\\. model-b\\.$`));
    // Every model was seen at least the minimum before the verdict; the last word is in the thread.
    for (const r of board.rows) expect(r.views).toBeGreaterThanOrEqual(3);
    const last = slack.of("postMessage").at(-1)!;
    expect(last.to).toMatchObject({ kind: "channel", thread: announcement.ref });
    expect(textOf(last.view)).toContain(bakeoff.outcome!);
    const boardEdits = slack
      .of("updateMessage")
      .filter((u) => u.message.messageId === slack.of("startThread")[0]!.message.messageId || textOf(u.view).startsWith("Leaderboard"));
    expect(textOf(boardEdits.at(-1)!.view)).toContain("Stable at 95%");
    // Nothing is posted after the end, and no pair went out twice at once.
    expect(pairPosts().size - voted.size).toBeLessThanOrEqual(2);
    const late = await slack.emit(
      action(
        user("U9"),
        { verb: "channel_vote", postId: [...pairPosts().keys()].find((id) => !voted.has(id)) ?? [...voted][0]!, choice: "1" },
        { channel: CHANNEL },
      ),
    );
    expect(textOf(viewOf(late))).toContain("is closed; votes are not taken now");
  });

  it("shows where it stands, refuses a second start, a start outside a channel, and non-leads; a lead can stop it", async () => {
    const status = await slack.emit(command(user("ULEAD"), "bakeoff", ["status", "subjects"]));
    expect(textOf(viewOf(status))).toContain("not started");
    expect(textOf(viewOf(await slack.emit(command(user("ULEAD"), "bakeoff", ["start", "subjects"]))))).toContain("in the channel where the team will vote");
    expect(textOf(viewOf(await slack.emit(command(user("U1"), "bakeoff", ["start", "subjects"], { channel: CHANNEL }))))).toMatch(/lead/i);
    await run(command(user("ULEAD"), "bakeoff", ["start", "subjects"], { channel: CHANNEL }));
    expect(textOf(viewOf(await slack.emit(command(user("ULEAD"), "bakeoff", ["start", "subjects"], { channel: CHANNEL }))))).toContain(
      "already running in slack:CBAKE",
    );
    await waitFor(() => pairPosts().size === 2, "two pairs");
    const stopped = await slack.emit(command(user("ULEAD"), "bakeoff", ["stop", "subjects"]));
    expect(textOf(viewOf(stopped))).toMatch(/^Stopped by a lead after 0 votes/);
    await settled();
    expect(textOf(slack.of("postMessage").at(-1)!.view)).toContain("Stopped by a lead after 0 votes");
    expect((await bakeoffStanding(core.services, "subjects")).bakeoff.status).toBe("stopped");
    expect(textOf(viewOf(await slack.emit(command(user("ULEAD"), "bakeoff", ["list"]))))).toContain("subjects: stopped");
  });

  it("a bake-off's own leads run it; they see only the bake-offs they lead", async () => {
    await createBakeoff(core.services, { settings: { name: "team-poll", leads: ["slack:UTEAM"] }, outputs: bakeoffOutputs(["x", "y"], 2) });
    expect(textOf(viewOf(await slack.emit(command(user("UTEAM"), "bakeoff", ["status", "team-poll"]))))).toContain("Leaderboard");
    expect(textOf(viewOf(await slack.emit(command(user("UTEAM"), "bakeoff", ["status", "subjects"]))))).toContain('You do not lead campaign "subjects"');
    const listed = textOf(viewOf(await slack.emit(command(user("UTEAM"), "bakeoff", ["list"]))));
    expect(listed).toContain("team-poll: draft");
    expect(listed).not.toContain("subjects");
    expect(textOf(viewOf(await slack.emit(command(user("UOTHER"), "bakeoff", ["list"]))))).toContain("is for campaign leads");
  });

  it("the minute sweep takes up a vote whose round never ran (a restart), and a platform this process does not serve is left alone", async () => {
    await run(command(user("ULEAD"), "bakeoff", ["start", "subjects"], { channel: CHANNEL }));
    await waitFor(() => pairPosts().size === 2, "two pairs");
    const [postId] = [...pairPosts().keys()];
    // The vote lands, but its round is lost (the process stopped right after the answer).
    await channelVote(core.services, { annotator: { platform: "slack", workspaceId: "T1", userId: "U1" }, postId: postId!, choice: "1" });
    expect(pairPosts().size).toBe(2);
    await advanceRunningBakeoffs({ ...core.deps, platforms: new Map() });
    expect(pairPosts().size).toBe(2);
    await advanceRunningBakeoffs(core.deps);
    expect(pairPosts().size).toBe(3);
    expect(textOf(slack.of("updateMessage").at(-1)!.view)).toContain("1 vote so far");
  });
});
