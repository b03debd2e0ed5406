import { afterEach, describe, expect, it } from "vitest";
import { attachPlatform } from "../../../src/app.js";
import type { Reply } from "../../../src/core/events.js";
import type { MessageView } from "../../../src/core/views.js";
import { pollExportLines } from "../../../src/io/export/poll-export.js";
import { JOBS } from "../../../src/scheduler/jobs.js";
import { createScheduler } from "../../../src/scheduler/scheduler.js";
import { FakePlatform } from "../../fakes/fake-platform.js";
import { action, button, command, textOf, user } from "../../helpers/events.js";
import { waitFor } from "../../helpers/wait-for.js";
import { count, coreKeeper, DIALECTS, rows, type AnyCore } from "./pipeline/dialects.js";

/*
 * Quick polls on SQLite and PostgreSQL, through the platform as people use them
 * (test/integration/polls/polls.test.ts runs more of this on SQLite): the same votes give the
 * same tallies, the same closed card and the same export on both.
 */

const channel = { platform: "slack" as const, channelId: "CPOLL" };
const cores = coreKeeper();
afterEach(() => cores.closeAll());

async function setUp(factory: () => Promise<AnyCore>) {
  const core = await cores.make(factory);
  const slack = new FakePlatform("slack");
  await attachPlatform(core, slack);
  return { core, slack };
}

async function create(slack: FakePlatform, args: string[], who = "U1"): Promise<Reply> {
  const reply = await slack.emit(command(user(who), "poll", args, { channel }));
  return reply.kind === "deferred" ? reply.work() : reply;
}
const pollView = (slack: FakePlatform) =>
  (slack.calls.filter((c) => c.method === "postMessage" || c.method === "updateMessage").at(-1) as { view: MessageView }).view;
const note = (r: Reply) => (r.kind === "update" ? (r.privateNote?.text ?? textOf(r.view)) : r.kind === "private" ? textOf(r.view) : JSON.stringify(r));
const vote = (slack: FakePlatform, who: string, option: number) =>
  slack.emit(
    action(
      user(who),
      button(pollView(slack), "poll_vote", (a) => a.option === option),
      { channel },
    ),
  );

/** Closes due polls as the bot's minute sweep does, after moving the clock past `minutes`. */
async function closeAfter(core: AnyCore, minutes: number): Promise<void> {
  const scheduler = createScheduler({ jobs: JOBS, deps: core.deps, clock: core.clock, timezone: "UTC", logger: core.deps.logger });
  const since = core.clock.now();
  core.clock.advance(minutes * 60_000);
  await scheduler.advance(since, core.clock.now());
}

describe.each(DIALECTS)("quick polls on %s", (_name, factory) => {
  it("takes one vote a person, lets people change it, and closes on time with the same tallies and export", async () => {
    const { core, slack } = await setUp(factory);
    await create(slack, ["Which subject line?", "Launch day", "We're live", "--close", "2h"]);
    expect(note(await vote(slack, "U1", 0))).toContain("Voted 1. Launch day");
    await vote(slack, "U2", 0);
    core.clock.advance(1000);
    const moved = await vote(slack, "U1", 1);
    expect(moved.kind === "update" && textOf(moved.view)).toContain("1 (50%)");
    core.clock.advance(1000);
    await vote(slack, "U3", 1);
    expect(note(await vote(slack, "U2", 0))).toContain("already voted");
    expect(await rows(core, "SELECT voter_user_id, option FROM poll_votes ORDER BY voter_user_id")).toEqual([
      { voter_user_id: "slack:T1:U1", option: 1 },
      { voter_user_id: "slack:T1:U2", option: 0 },
      { voter_user_id: "slack:T1:U3", option: 1 },
    ]);

    await closeAfter(core, 119);
    expect(await rows(core, "SELECT status FROM polls")).toEqual([{ status: "open" }]);
    await closeAfter(core, 2);
    await waitFor(async () => (await rows<{ status: string }>(core, "SELECT status FROM polls"))[0]!.status === "closed", "the poll closed");
    await waitFor(() => textOf(pollView(slack)).includes("Closed"), "the card shows the close");
    const closed = textOf(pollView(slack));
    expect(closed).toContain("Closed · 3 people voted");
    expect(closed).toContain("2 (67%)");
    expect(pollView(slack).blocks.some((b) => b.type === "actions")).toBe(false);
    const exported = await pollExportLines(core.services.db, 1, "raw");
    // In the order the votes stand: U2's first, then U1's changed vote, then U3's.
    expect(exported.lines.map((l) => (JSON.parse(l) as { option: string }).option)).toEqual(["Launch day", "We're live", "We're live"]);
  });

  it("--multi toggles several choices", async () => {
    const { core, slack } = await setUp(factory);
    await create(slack, ["Lunch?", "Pizza", "Sushi", "Tacos", "--multi"]);
    await vote(slack, "U1", 0);
    expect(note(await vote(slack, "U1", 2))).toContain("You have: 1. Pizza, 3. Tacos");
    expect(note(await vote(slack, "U1", 0))).toContain("Removed your vote for 1. Pizza");
    expect(await rows(core, "SELECT option FROM poll_votes ORDER BY option")).toEqual([{ option: 2 }]);
    expect(await rows(core, "SELECT multi, anonymous FROM polls WHERE multi = TRUE AND anonymous = FALSE")).toHaveLength(1);
  });

  it("anonymous polls keep only tallies, refuse a second vote, and forget the voters at the close", async () => {
    const { core, slack } = await setUp(factory);
    await create(slack, ["Honest feedback?", "Good", "Bad", "--anonymous"]);
    for (const [who, option] of [
      ["U1", 0],
      ["U2", 1],
      ["U3", 1],
    ] as const)
      await vote(slack, who, option);
    expect(note(await vote(slack, "U1", 1))).toContain("Anonymous votes are final");
    expect(await count(core, "SELECT count(*) AS n FROM poll_votes")).toBe(0);
    expect(await count(core, "SELECT count(*) AS n FROM poll_voters")).toBe(3);
    await slack.emit(command(user("U1"), "poll", ["close", "1"], { channel }));
    await waitFor(async () => (await count(core, "SELECT count(*) AS n FROM poll_voters")) === 0, "the voters forgotten");
    expect(await rows(core, "SELECT salt, status FROM polls WHERE id = 1")).toEqual([{ salt: null, status: "closed" }]);
    expect(await rows(core, "SELECT option, count FROM poll_tallies ORDER BY option")).toEqual([
      { option: 0, count: 1 },
      { option: 1, count: 2 },
    ]);
    await waitFor(() => textOf(pollView(slack)).includes("3 people voted"), "the closed card");
  });
});
