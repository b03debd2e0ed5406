import { beforeEach, describe, expect, it } from "vitest";
import { attachPlatform } from "../../src/app.js";
import { settleBackground } from "../../src/core/dispatch-context.js";
import type { CommandInvoked, Reply } from "../../src/core/events.js";
import type { MessageRef } from "../../src/core/platform.js";
import type { MessageView } from "../../src/core/views.js";
import { DUE_WORK } from "../../src/scheduler/jobs.js";
import { bakeoffStanding } from "../../src/services/bakeoff/bakeoff-standing.js";
import { createBakeoff } from "../../src/services/bakeoff/create-bakeoff.js";
import { FakePlatform } from "../fakes/fake-platform.js";
import { bakeoffOutputs, preferredButton } from "../helpers/bakeoff.js";
import { createTestCore, seedCampaign, seedComparisons, type TestCore } from "../helpers/core.js";
import { action, buttonsOf, command, textOf, user, viewOf } from "../helpers/events.js";

const CHANNEL = { platform: "slack" as const, channelId: "CBAKE" };
const LEAD = user("ULEAD");

let core: TestCore;
let slack: FakePlatform;
beforeEach(async () => {
  core = createTestCore({ leads: [{ platform: "slack", userId: "ULEAD" }] });
  slack = new FakePlatform("slack");
  await attachPlatform(core, slack);
});

/** Emits an event and carries out a deferred reply, as an adapter does. */
const run = async (event: Parameters<typeof slack.emit>[0]): Promise<Reply> => {
  const reply = await slack.emit(event);
  return reply.kind === "deferred" ? reply.work() : reply;
};
const answer = async (event: Parameters<typeof slack.emit>[0]) => textOf(viewOf(await run(event)));
const settled = () => settleBackground(core.deps);

/** The pairs posted so far (their messages carry vote buttons), by post id. */
function pairPosts(): Map<number, MessageRef> {
  const posts = new Map<number, MessageRef>();
  for (const call of slack.of("postMessage")) for (const a of buttonsOf(call.view)) if (a.verb === "channel_vote") posts.set(a.postId, call.ref);
  return posts;
}

/** The latest content of a posted message: its last edit, else what was posted. */
function latest(ref: MessageRef): MessageView {
  const edit = slack.of("updateMessage").findLast((u) => u.message.messageId === ref.messageId);
  return edit?.view ?? slack.of("postMessage").find((p) => p.ref.messageId === ref.messageId)!.view;
}

/** A command with a file attached, as Discord's adapter passes it (the download is the fetch). */
function withFile(args: string[], name: string, text: string): CommandInvoked {
  const data = Buffer.from(text);
  return command(LEAD, "bakeoff", args, {
    channel: CHANNEL,
    attachment: { name, url: `https://cdn.test/${name}`, size: data.length, fetch: async () => data },
  });
}

const rows = (models: string[], prompts: number) =>
  models
    .flatMap((model) =>
      Array.from({ length: prompts }, (_, p) => JSON.stringify({ prompt_id: `p${p}`, prompt: `Prompt ${p}?`, model, output: `${model} on ${p}` })),
    )
    .join("\n");

describe("creating a bake-off from chat, with the outputs file attached", () => {
  it("creates a draft the creator leads, from JSONL, a JSON array or CSV, with the settings given", async () => {
    const created = await answer(
      withFile(["create", "subjects", "--title", "Launch lines", "--confidence", "0.9", "--parallel", "3"], "outputs.jsonl", rows(["m-a", "m-b", "m-c"], 4)),
    );
    expect(created).toBe(
      "Created bake-off subjects (a draft): 3 models (m-a, m-b, m-c) on 4 prompts. Start it in the channel where the team votes: `/pairwise bakeoff start subjects`.",
    );
    const { bakeoff, prompts } = await bakeoffStanding(core.services, "subjects");
    expect([bakeoff.status, bakeoff.title, bakeoff.confidence, bakeoff.parallel, prompts]).toEqual(["draft", "Launch lines", 0.9, 3, 4]);

    const array = JSON.stringify([
      { instruction: "Name a colour", generator: "x", output: "red" },
      { instruction: "Name a colour", generator: "y", output: "blue" },
    ]);
    expect(await answer(withFile(["create", "colours"], "alpaca.json", array))).toContain("Created bake-off colours (a draft): 2 models (x, y) on 1 prompt.");
    const csv = 'prompt_id,prompt,model,output\nq1,"Hello, who are you?",x,"I am x"\nq1,"Hello, who are you?",y,I am y\n';
    expect(await answer(withFile(["create", "greetings"], "outputs.csv", csv))).toContain("2 models (x, y) on 1 prompt");

    // Someone named by no one else leads it because they created it: a campaign lead, not a global one.
    await seedCampaign(core, "name: other\nguidelines: g\nleads: [slack:UTEAM]");
    const team = user("UTEAM");
    const mine = command(team, "bakeoff", ["create", "team-poll"], { attachment: withFile([], "o.jsonl", rows(["x", "y"], 2)).attachment! });
    expect(await answer(mine)).toContain("Created bake-off team-poll");
    expect(textOf(viewOf(await slack.emit(command(team, "bakeoff", ["status", "team-poll"]))))).toContain("Leaderboard");
  });

  it("a bad row creates nothing, and the answer names the file, line and field", async () => {
    const bad = `${rows(["m-a", "m-b"], 2)}\n{"prompt_id": "p9", "prompt": "Hi", "output": "no model"}`;
    expect(await answer(withFile(["create", "subjects"], "outputs.jsonl", bad))).toMatch(/outputs\.jsonl:5, field "model": expected the model's name/);
    const broken = `${rows(["m-a", "m-b"], 1)}\n{not json`;
    expect(await answer(withFile(["create", "subjects"], "outputs.jsonl", broken))).toMatch(/outputs\.jsonl:3.*not valid JSON/);
    const alone = JSON.stringify({ prompt: "Hi", model: "m-a", output: "hello" });
    expect(await answer(withFile(["create", "subjects"], "one.jsonl", alone))).toMatch(/one\.jsonl:1.*has only m-a's output/);
    const csv = "prompt,model,output\nHi,m-a,hello\nHi,m-b\n";
    expect(await answer(withFile(["create", "subjects"], "o.csv", csv))).toMatch(/o\.csv:3.*not valid CSV/);
    expect(textOf(viewOf(await slack.emit(command(LEAD, "bakeoff", ["list"]))))).toContain("No bake-offs yet");
  });

  it("says what is missing or wrong in the command itself", async () => {
    expect(await answer(command(LEAD, "bakeoff", ["create", "subjects"]))).toMatch(
      /^Attach the models' outputs to `\/pairwise bakeoff create subjects`.*Slack.*pairwise bakeoff create <outputs file> --name <name>/,
    );
    expect(await answer(withFile(["create"], "o.jsonl", rows(["x", "y"], 1)))).toMatch(/^Name the bake-off/);
    expect(await answer(withFile(["create", "s", "--colour", "red"], "o.jsonl", rows(["x", "y"], 1)))).toMatch(
      /^Unknown option "--colour"\. .*--title, --leads, --confidence/,
    );
    expect(await answer(withFile(["create", "s", "--confidence", "high"], "o.jsonl", rows(["x", "y"], 1)))).toMatch(
      /^--confidence expects a number, got "high"/,
    );
    expect(await answer(withFile(["create", "s", "--max-votes"], "o.jsonl", rows(["x", "y"], 1)))).toMatch(/^--max-votes needs a value/);
    expect(await answer(withFile(["create", "s", "--confidence", "2"], "o.jsonl", rows(["x", "y"], 1)))).toMatch(/^Bake-off setting "confidence"/);
    expect(await answer(withFile(["create", "Bad Name"], "o.jsonl", rows(["x", "y"], 1)))).toMatch(/^Bake-off setting "name": must be lowercase/);
    expect(await answer(command(user("UNOBODY"), "bakeoff", ["create", "s"]))).toMatch(/lead/i);
    const help = textOf(viewOf(await slack.emit(command(LEAD, "help", ["bakeoff"]))));
    expect(help).toContain("/pairwise bakeoff create <name>");
    expect(help).toContain("attach the file");
  });
});

describe("an ended bake-off's pairs", () => {
  beforeEach(async () => {
    await createBakeoff(core.services, {
      settings: { name: "subjects", title: "Launch lines", maxVotes: 5 },
      outputs: bakeoffOutputs(["m-a", "m-b", "m-c"], 4),
    });
  });

  it("stopped by a lead: the pairs still waiting lose their buttons; a late click is answered privately", async () => {
    await run(command(LEAD, "bakeoff", ["start", "subjects"], { channel: CHANNEL }));
    await settled();
    const pairs = [...pairPosts()];
    expect(pairs).toHaveLength(2);
    expect(textOf(viewOf(await slack.emit(command(LEAD, "bakeoff", ["stop", "subjects"]))))).toMatch(/^Stopped by a lead/);
    await settled();
    for (const [, ref] of pairs) {
      const view = latest(ref);
      expect(buttonsOf(view)).toEqual([]);
      expect(textOf(view)).toContain("This bake-off has ended");
      // The comparison stays readable.
      expect(textOf(view)).toContain("Response 1");
    }
    const [postId, message] = pairs[0]!;
    const late = await slack.emit(action(user("U7"), { verb: "channel_vote", postId, choice: "1" }, { message, channel: CHANNEL }));
    expect(late.kind).toBe("private");
    expect(textOf(viewOf(late))).toMatch(/^This bake-off has ended\. Stopped by a lead after 0 votes.* Launch lines is closed; votes are not taken now\.$/);
    await settled();
    expect(buttonsOf(latest(message))).toEqual([]);
  });

  it("when the edits fail at the end, the minute sweep takes the buttons off later, once", async () => {
    await run(command(LEAD, "bakeoff", ["start", "subjects"], { channel: CHANNEL }));
    await settled();
    const pairs = [...pairPosts()];
    expect(pairs).toHaveLength(2);
    // The platform fails every edit while the bake-off is stopped (an outage, or the bot stopping).
    const update = slack.updateMessage.bind(slack);
    slack.updateMessage = async () => {
      throw new Error("socket hang up");
    };
    await slack.emit(command(LEAD, "bakeoff", ["stop", "subjects"]));
    await settled();
    for (const [, ref] of pairs) expect(buttonsOf(latest(ref)).some((a) => a.verb === "channel_vote")).toBe(true);
    const sweep = DUE_WORK.find((w) => w.name === "ended-bakeoff-pairs")!;
    await sweep.work(core.deps, core.clock.now());
    for (const [, ref] of pairs) expect(buttonsOf(latest(ref)).some((a) => a.verb === "channel_vote")).toBe(true);
    // The platform is back: the next sweep closes them, and the one after has nothing left to edit.
    slack.updateMessage = update;
    await sweep.work(core.deps, core.clock.now());
    for (const [, ref] of pairs) {
      expect(buttonsOf(latest(ref))).toEqual([]);
      expect(textOf(latest(ref))).toContain("This bake-off has ended");
    }
    const edits = slack.of("updateMessage").length;
    await sweep.work(core.deps, core.clock.now());
    expect(slack.of("updateMessage")).toHaveLength(edits);
  });

  it("ended by itself: the pairs still waiting lose their buttons; a click on one whose edit was missed removes them then", async () => {
    await run(command(LEAD, "bakeoff", ["start", "subjects"], { channel: CHANNEL }));
    await settled();
    // The platform fails the first edit that ends a pair (the others go through).
    const update = slack.updateMessage.bind(slack);
    let missed: string | undefined;
    slack.updateMessage = async (ref, view) => {
      if (!missed && textOf(view).includes("This bake-off has ended")) {
        missed = ref.messageId;
        throw new Error("socket hang up");
      }
      return update(ref, view);
    };
    const voted = new Set<number>();
    const running = async () => (await bakeoffStanding(core.services, "subjects")).bakeoff.status === "running";
    for (let n = 0; n < 20 && (await running()); n++) {
      const [postId, message] = [...pairPosts()].find(([id]) => !voted.has(id))!;
      voted.add(postId);
      await slack.emit(
        action(
          user(`U${n}`),
          { verb: "channel_vote", postId, choice: await preferredButton(core, postId, ["m-a", "m-b", "m-c"]) },
          { message, channel: CHANNEL },
        ),
      );
      await settled();
    }
    const { bakeoff } = await bakeoffStanding(core.services, "subjects");
    expect(bakeoff.status).not.toBe("running");
    const waiting = [...pairPosts()].filter(([id]) => !voted.has(id));
    expect(waiting.length).toBeGreaterThan(0);
    for (const [, ref] of waiting.filter(([, r]) => r.messageId !== missed)) expect(textOf(latest(ref))).toContain("This bake-off has ended");
    // Voted pairs keep their result: the end does not touch them.
    const votedRefs = [...pairPosts()].filter(([id]) => voted.has(id)).map(([, ref]) => ref.messageId);
    expect(slack.of("updateMessage").filter((u) => votedRefs.includes(u.message.messageId) && textOf(u.view).includes("has ended"))).toEqual([]);

    // The edit that never happened (the platform failed it): the late click itself takes the buttons off.
    const [postId, message] = waiting.find(([, r]) => r.messageId === missed)!;
    const original = slack.of("postMessage").find((p) => p.ref.messageId === message.messageId)!;
    expect(buttonsOf(latest(message))).toEqual(buttonsOf(original.view));
    const late = await slack.emit(action(user("U99"), { verb: "channel_vote", postId, choice: "2" }, { message, channel: CHANNEL }));
    expect(textOf(viewOf(late))).toContain("is closed; votes are not taken now");
    await settled();
    expect(buttonsOf(latest(message))).toEqual([]);
  });
});

describe("the announcement's Leaderboard button", () => {
  it("shows where the bake-off stands, privately, to anyone", async () => {
    await createBakeoff(core.services, { settings: { name: "subjects" }, outputs: bakeoffOutputs(["m-a", "m-b"], 2) });
    await run(command(LEAD, "bakeoff", ["start", "subjects"], { channel: CHANNEL }));
    await settled();
    const announcement = slack.of("postMessage")[0]!;
    const board = buttonsOf(announcement.view).find((a) => a.verb === "bakeoff_board")!;
    expect(board).toEqual({ verb: "bakeoff_board", campaignId: (await bakeoffStanding(core.services, "subjects")).bakeoff.campaignId });
    const reply = await slack.emit(action(user("U5"), board, { message: announcement.ref, channel: CHANNEL }));
    expect(reply.kind).toBe("private");
    expect(textOf(viewOf(reply))).toContain("Leaderboard · Bake-off subjects");
  });
});

describe("`next` and a bake-off", () => {
  it("never hands out a bake-off's pairs: they are voted on only through its posts", async () => {
    await createBakeoff(core.services, { settings: { name: "subjects" }, outputs: bakeoffOutputs(["m-a", "m-b", "m-c"], 3) });
    await run(command(LEAD, "bakeoff", ["start", "subjects"], { channel: CHANNEL }));
    await settled();
    expect(pairPosts().size).toBe(2);
    // The bake-off is the only open campaign, and its pairs wait for votes: still nothing for `next`,
    // which does not take it for the campaign meant and says where its pairs are voted on.
    expect(textOf(viewOf(await slack.emit(command(user("U1"), "next", []))))).toContain(
      'The bake-off "subjects" takes votes on its pairs in the channel, not through `next`.',
    );
    expect(textOf(viewOf(await slack.emit(command(user("U1"), "next", ["subjects"]))))).toContain('Nothing left for you in "subjects"');
    const handedOut = core.services.db.$client.prepare("SELECT count(*) AS n FROM assignments").get() as { n: number };
    expect(handedOut.n).toBe(0);
    // A campaign of its own is served as before.
    const plain = await seedCampaign(core, "name: plain\nstatus: active\nguidelines: g\ngoldRate: 0\nqualificationGate: false\npeerReviewRate: 0");
    seedComparisons(core, plain.id, 1);
    const card = viewOf(await slack.emit(command(user("U1"), "next", [])));
    expect(buttonsOf(card).some((a) => a.verb === "vote")).toBe(true);
    expect(textOf(card)).not.toContain("subjects");
    // And a vote on a pair still goes through its post.
    const [postId, message] = [...pairPosts()][0]!;
    const voted = await slack.emit(action(user("U2"), { verb: "channel_vote", postId, choice: "1" }, { message, channel: CHANNEL }));
    expect(textOf(viewOf(voted))).toContain("Result");
  });
});
