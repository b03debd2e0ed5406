import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readMigrationFiles } from "drizzle-orm/migrator";
import { describe, expect, it } from "vitest";
import { MIGRATIONS_FOLDER } from "../../../src/storage/database.js";
import { attachPlatform } from "../../../src/app.js";
import { createScheduler } from "../../../src/scheduler/scheduler.js";
import { JOBS } from "../../../src/scheduler/jobs.js";
import { parseCloseTime } from "../../../src/services/polls/close-time.js";
import { pollExportLines } from "../../../src/io/export/poll-export.js";
import { FakePlatform } from "../../fakes/fake-platform.js";
import { createTestCore } from "../../helpers/core.js";
import { action, button, command, textOf, user } from "../../helpers/events.js";
import type { Reply } from "../../../src/core/events.js";

const settle = () => new Promise((r) => setTimeout(r, 30));
const channel = { platform: "slack" as const, channelId: "CPOLL" };

async function setup(options: { databasePath?: string; start?: string } = {}) {
  const core = createTestCore({
    start: options.start ?? "2026-03-02T10:00:00Z",
    leads: [{ platform: "slack", userId: "ULEAD" }],
    ...(options.databasePath ? { databasePath: options.databasePath } : {}),
  });
  const slack = new FakePlatform("slack");
  await attachPlatform(core, slack);
  return { core, slack };
}

async function create(slack: FakePlatform, args: string[], who = "U1") {
  const reply = await slack.emit(command(user(who), "poll", args, { channel }));
  await settle();
  // The poll is posted before the creator is told anything: the answer is deferred.
  return reply.kind === "deferred" ? reply.work() : reply;
}
const latestPoll = (slack: FakePlatform) => slack.calls.filter((c) => c.method === "postMessage" || c.method === "updateMessage").at(-1)!;
const pollView = (slack: FakePlatform) => (latestPoll(slack) as { view: import("../../../src/core/views.js").MessageView }).view;
const textOfReply = (r: Reply) => (r.kind === "private" || r.kind === "update" ? textOf(r.view) : JSON.stringify(r));

describe("quick polls", () => {
  it('reads `poll vote 2 1` as a vote to make with the buttons, not as a poll named "vote"', async () => {
    const { core, slack } = await setup();
    const reply = await create(slack, ["vote", "2", "1"]);
    expect(textOfReply(reply)).toContain("Votes go through the poll's buttons: press option 1 on poll #2.");
    expect(core.services.db.$client.prepare("SELECT count(*) AS n FROM polls").get()).toEqual({ n: 0 });
  });

  it("posts a poll, takes one vote a person, lets people change it, and shows live counts", async () => {
    const { core, slack } = await setup();
    const reply = await create(slack, ["Which subject line?", "Launch day", "We're live", "--close", "2h"]);
    expect(textOfReply(reply)).toContain("Poll #1 is up in this channel. It closes at 2026-03-02 12:00 UTC");
    expect(slack.of("postMessage")[0]!.to).toEqual({ kind: "channel", channel });
    const vote = (who: string, option: number) =>
      slack.emit(
        action(
          user(who),
          button(pollView(slack), "poll_vote", (a) => a.option === option),
          { channel },
        ),
      );
    const first = await vote("U1", 0);
    expect(first.kind === "update" && first.privateNote?.text).toContain("Voted 1. Launch day");
    await vote("U2", 0);
    const moved = await vote("U1", 1);
    expect(moved.kind === "update" && textOf(moved.view)).toContain("1 (50%)");
    expect(core.services.db.$client.prepare("SELECT voter_user_id, option FROM poll_votes ORDER BY voter_user_id").all()).toEqual([
      { voter_user_id: "slack:T1:U1", option: 1 },
      { voter_user_id: "slack:T1:U2", option: 0 },
    ]);
    const again = await vote("U2", 0);
    expect(again.kind === "update" && again.privateNote?.text).toContain("already voted");
  });

  it("in a channel the bot is not in: tells the creator at once to invite it, and never retries", async () => {
    const { core, slack } = await setup();
    slack.noAccess.add("CPOLL");
    const reply = await create(slack, ["Ship it?", "Yes", "No"]);
    expect(textOfReply(reply)).toBe(
      "Poll #1 was not posted: Pairwise is not a member of this channel, so it cannot post here. To fix it, type `/invite @Pairwise` in that channel, then create the poll again.",
    );
    expect(core.services.db.$client.prepare("SELECT status FROM polls").get()).toEqual({ status: "failed" });
    // The minute sweep an hour later sends nothing more.
    const scheduler = createScheduler({ jobs: JOBS, deps: core.deps, clock: core.clock, timezone: "UTC", logger: core.deps.logger });
    const since = core.clock.now();
    core.clock.advance(60 * 60_000);
    await scheduler.advance(since, core.clock.now());
    expect(slack.attempts).toBe(1);
  });

  it("shows close times in the team's time zone", async () => {
    const core = createTestCore({ start: "2026-03-02T10:00:00Z", timezone: "Europe/Berlin" });
    const slack = new FakePlatform("slack");
    await attachPlatform(core, slack);
    const reply = await create(slack, ["Lunch?", "Pizza", "Sushi", "--close", "2h"]);
    expect(textOfReply(reply)).toContain("It closes at 2026-03-02 13:00 Europe/Berlin");
    expect(textOf(pollView(slack))).toContain("closes 2026-03-02 13:00 Europe/Berlin");
  });

  it("--multi toggles several choices", async () => {
    const { slack } = await setup();
    await create(slack, ["Lunch?", "Pizza", "Sushi", "Tacos", "--multi"]);
    const vote = (option: number) =>
      slack.emit(
        action(
          user("U1"),
          button(pollView(slack), "poll_vote", (a) => a.option === option),
          { channel },
        ),
      );
    await vote(0);
    const two = await vote(2);
    expect(two.kind === "update" && two.privateNote?.text).toContain("You have: 1. Pizza, 3. Tacos");
    const off = await vote(0);
    expect(off.kind === "update" && off.privateNote?.text).toContain("Removed your vote for 1. Pizza");
  });

  it("closes on time through the scheduler (the clock moved, not waited for), replacing the buttons with results and a chart", async () => {
    const { core, slack } = await setup();
    await create(slack, ["A or B?", "A", "B", "--close", "90m"]);
    await slack.emit(
      action(
        user("U1"),
        button(pollView(slack), "poll_vote", (a) => a.option === 1),
        { channel },
      ),
    );
    const scheduler = createScheduler({ jobs: JOBS, deps: core.deps, clock: core.clock, timezone: "UTC", logger: core.deps.logger });
    const since = core.clock.now();
    core.clock.advance(89 * 60_000);
    await scheduler.advance(since, core.clock.now());
    expect(core.services.db.$client.prepare("SELECT status FROM polls").get()).toEqual({ status: "open" });
    const mid = core.clock.now();
    core.clock.advance(2 * 60_000);
    await scheduler.advance(mid, core.clock.now());
    await settle();
    expect(core.services.db.$client.prepare("SELECT status FROM polls").get()).toEqual({ status: "closed" });
    const closed = pollView(slack);
    expect(closed.blocks.some((b) => b.type === "actions")).toBe(false);
    expect(textOf(closed)).toContain("Closed · 1 person voted");
    const chart = slack.of("uploadFile")[0]!;
    expect(chart.file.data.subarray(1, 4).toString("latin1")).toBe("PNG");
    expect(chart.to).toMatchObject({ kind: "channel", thread: { messageId: "m1" } });
  });

  it("lets only the creator or a lead close it", async () => {
    const { slack } = await setup();
    await create(slack, ["A or B?", "A", "B"]);
    const closeButton = button(pollView(slack), "poll_close");
    expect(textOfReply(await slack.emit(action(user("U9"), closeButton, { channel })))).toContain("Only the person who created this poll");
    expect(textOfReply(await slack.emit(action(user("ULEAD"), closeButton, { channel })))).toContain("Poll #1 is closed");
  });

  it("anonymous polls keep no link from a person to a choice anywhere in the database, and votes are final", async () => {
    const { core, slack } = await setup();
    await create(slack, ["Honest feedback?", "Good", "Bad", "--anonymous"]);
    await slack.emit(
      action(
        user("USECRET"),
        button(pollView(slack), "poll_vote", (a) => a.option === 1),
        { channel },
      ),
    );
    const second = await slack.emit(
      action(
        user("USECRET"),
        button(pollView(slack), "poll_vote", (a) => a.option === 0),
        { channel },
      ),
    );
    expect(textOfReply(second)).toContain("Anonymous votes are final");
    const c = core.services.db.$client;
    const tables = (c.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name);
    for (const table of tables) {
      const dump = JSON.stringify(c.prepare(`SELECT * FROM "${table}"`).all());
      expect(dump, table).not.toContain("USECRET");
    }
    expect(c.prepare("SELECT count(*) AS n FROM poll_votes").get()).toEqual({ n: 0 });
    expect(c.prepare("SELECT option, count FROM poll_tallies").all()).toEqual([{ option: 1, count: 1 }]);
    expect(Object.keys(c.prepare("SELECT * FROM poll_voters").get() as object).sort()).toEqual(["poll_id", "voter_hash"]);
  });

  it("closing an anonymous poll forgets who voted (the hashes and their key), keeping the tallies", async () => {
    const { core, slack } = await setup();
    await create(slack, ["Honest feedback?", "Good", "Bad", "--anonymous"]);
    for (const [who, option] of [
      ["U1", 0],
      ["U2", 1],
      ["U3", 1],
    ] as const)
      await slack.emit(
        action(
          user(who),
          button(pollView(slack), "poll_vote", (a) => a.option === option),
          { channel },
        ),
      );
    const c = core.services.db.$client;
    expect(c.prepare("SELECT count(*) AS n FROM poll_voters").get()).toEqual({ n: 3 });
    await slack.emit(command(user("U1"), "poll", ["close", "1"], { channel }));
    await settle();
    expect(c.prepare("SELECT count(*) AS n FROM poll_voters").get()).toEqual({ n: 0 });
    expect(c.prepare("SELECT salt FROM polls WHERE id = 1").get()).toEqual({ salt: null });
    expect(c.prepare("SELECT option, count FROM poll_tallies ORDER BY option").all()).toEqual([
      { option: 0, count: 1 },
      { option: 1, count: 2 },
    ]);
    expect(textOf(pollView(slack))).toContain("3 people voted");
  });

  it("the migration forgets the voters of anonymous polls closed before this version", async () => {
    const { core } = await setup();
    const c = core.services.db.$client;
    c.prepare(
      "INSERT INTO polls (platform, workspace_id, channel_id, creator_user_id, question, options, anonymous, hidden, multi, closes_at, status, salt, created_at) VALUES ('slack', 'T', 'C', 'U1', 'Q?', '[\"a\",\"b\"]', 1, 0, 0, 0, 'closed', 'an-old-key', 0), ('slack', 'T', 'C', 'U1', 'Open?', '[\"a\",\"b\"]', 1, 0, 0, 0, 'open', 'a-live-key', 0)",
    ).run();
    c.prepare("INSERT INTO poll_voters (poll_id, voter_hash) VALUES (1, 'h1'), (1, 'h2'), (2, 'h3')").run();
    const migration = readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER }).find((m) => m.sql.some((s) => s.includes("DELETE FROM `poll_voters`")))!;
    for (const statement of migration.sql) c.exec(statement);
    expect(c.prepare("SELECT poll_id FROM poll_voters").all()).toEqual([{ poll_id: 2 }]);
    expect(c.prepare("SELECT id, salt FROM polls ORDER BY id").all()).toEqual([
      { id: 1, salt: null },
      { id: 2, salt: "a-live-key" },
    ]);
  });

  it("hidden polls show counts only at the close", async () => {
    const { slack } = await setup();
    await create(slack, ["Pick", "X", "Y", "--hidden"]);
    const r = await slack.emit(
      action(
        user("U1"),
        button(pollView(slack), "poll_vote", (a) => a.option === 0),
        { channel },
      ),
    );
    const shown = r.kind === "update" ? textOf(r.view) : "";
    expect(shown).not.toContain("(100%)");
    expect(shown).toContain("results hidden until the close");
    const peek = await slack.emit(command(user("U2"), "poll", ["results", "1"], { channel }));
    expect(textOfReply(peek)).toContain("hides its results until the close (1 voted so far)");
    await slack.emit(command(user("U1"), "poll", ["close", "1"], { channel }));
    await settle();
    expect(textOf(pollView(slack))).toContain("1 (100%)");
  });

  it("survives a restart between creation and close: the new process closes it at start", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "pw-poll-")), "p.db");
    const first = await setup({ databasePath: path });
    await create(first.slack, ["Restart?", "Yes", "No", "--close", "1h"]);
    await first.slack.emit(
      action(
        user("U1"),
        button(pollView(first.slack), "poll_vote", (a) => a.option === 0),
        { channel },
      ),
    );
    first.core.services.db.$client.close();
    // Two hours later a new process starts on the same file; the start-up catch-up runs the sweep.
    const second = await setup({ databasePath: path, start: "2026-03-02T12:05:00Z" });
    const scheduler = createScheduler({ jobs: JOBS, deps: second.core.deps, clock: second.core.clock, timezone: "UTC", logger: second.core.deps.logger });
    await scheduler.catchUp(second.core.clock.now());
    await settle();
    expect(second.core.services.db.$client.prepare("SELECT status FROM polls").get()).toEqual({ status: "closed" });
    const update = second.slack.of("updateMessage")[0]!;
    expect(update.message.messageId).toBe("m1");
    expect(textOf(update.view)).toContain("1 (100%)");
    expect(second.slack.of("uploadFile")).toHaveLength(1);
  });

  it("answers bad input with an example of the right form", async () => {
    const { core, slack } = await setup();
    const cases: [string[], string][] = [
      [["Only one?", "A"], "at least 2 options"],
      [["Too many?", ...Array.from({ length: 11 }, (_, i) => `o${i}`)], "at most 10 options"],
      [["When?", "A", "B", "--close", "whenever-ish"], "not a close time I can read"],
      [["", "A", "B"], "needs a question"],
      [["Dup?", "A", "a"], "appears twice"],
    ];
    for (const [args, message] of cases) {
      const text = textOfReply(await create(slack, args));
      expect(text).toContain(message);
      expect(text).toMatch(/Example: \/pairwise poll|for example --close/);
    }
    const form = await slack.emit(command(user("U1"), "poll", [], { channel }));
    expect(form.kind).toBe("form");
    expect(core.services.db.$client.prepare("SELECT count(*) AS n FROM polls").get()).toEqual({ n: 0 });
  });

  it("reads close times in the team's time zone", () => {
    const now = new Date("2026-03-02T10:00:00Z"); // a Monday
    expect(parseCloseTime("2h", now, "UTC").toISOString()).toBe("2026-03-02T12:00:00.000Z");
    expect(parseCloseTime("tomorrow 17:00", now, "Europe/Berlin").toISOString()).toBe("2026-03-03T16:00:00.000Z");
    expect(parseCloseTime(undefined, now, "UTC").toISOString()).toBe("2026-03-03T10:00:00.000Z");
    expect(() => parseCloseTime("200d", now, "UTC")).toThrow(/at most 90 days/);
  });

  it("a two-option poll of two responses exports as a TRL row, and raw votes with pseudonyms", async () => {
    const { core, slack } = await setup();
    await create(slack, ["Explain DNS in one line.", "DNS maps names to addresses.", "DNS is a protocol."]);
    for (const [who, option] of [
      ["U1", 0],
      ["U2", 0],
      ["U3", 1],
    ] as const)
      await slack.emit(
        action(
          user(who),
          button(pollView(slack), "poll_vote", (a) => a.option === option),
          { channel },
        ),
      );
    const trl = await pollExportLines(core.services.db, 1, "trl");
    expect(JSON.parse(trl.lines[0]!)).toMatchObject({
      prompt: "Explain DNS in one line.",
      chosen: "DNS maps names to addresses.",
      rejected: "DNS is a protocol.",
      votes: [2, 1],
    });
    const raw = await pollExportLines(core.services.db, 1, "raw");
    expect(raw.lines).toHaveLength(3);
    expect(raw.lines.join("")).not.toContain("U1");
  });
});
