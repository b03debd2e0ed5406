import type { PGlite } from "@electric-sql/pglite";
import type pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { attachPlatform, createCore, type PairwiseCore } from "../../../src/app.js";
import { ManualClock } from "../../../src/clock.js";
import { parseAction } from "../../../src/core/action-ids.js";
import { settleBackground } from "../../../src/core/dispatch-context.js";
import type { MessageRef } from "../../../src/core/platform.js";
import { silentLogger } from "../../../src/logger.js";
import { seededRandom } from "../../../src/random.js";
import { bakeoffStanding } from "../../../src/services/bakeoff/bakeoff-standing.js";
import { createBakeoff } from "../../../src/services/bakeoff/create-bakeoff.js";
import { postgresDb } from "../../../src/storage/postgres/database.js";
import { pgliteDb } from "../../../src/storage/postgres/pglite.js";
import { FakePlatform } from "../../fakes/fake-platform.js";
import { bakeoffOutputs, preferredButton } from "../../helpers/bakeoff.js";
import { action, command, textOf, user, viewOf } from "../../helpers/events.js";
import { freshPostgres, TEST_POSTGRES_URL, type TestPostgres } from "../../helpers/postgres.js";
import { waitFor } from "../../helpers/wait-for.js";

/*
 * A bake-off on PostgreSQL through the core and a recording platform, as
 * test/integration/bakeoff.test.ts runs it on SQLite: posted pairs, channel votes, the leaderboard
 * in a thread, the end when the ranking is stable, and a lead stopping one.
 */

const where = TEST_POSTGRES_URL ? "a PostgreSQL server" : "PGlite";
const BEST_FIRST = ["model-c", "model-a", "model-d", "model-b"];
const CHANNEL = { platform: "slack" as const, channelId: "CBAKE" };

let postgres: TestPostgres;
let core: PairwiseCore;
let slack: FakePlatform;
beforeEach(async () => {
  // As createPostgresTestCore, with a lead (the bake-off commands are a lead's).
  postgres = await freshPostgres();
  const db = postgres.kind === "pglite" ? pgliteDb(postgres.client as PGlite) : postgresDb(postgres.client as pg.Pool);
  core = createCore({
    db,
    clock: new ManualClock("2026-01-05T09:00:00Z"),
    logger: silentLogger(),
    random: seededRandom(42),
    leads: [{ platform: "slack", userId: "ULEAD" }],
    timezone: "UTC",
  });
  slack = new FakePlatform("slack");
  await attachPlatform(core, slack);
  await createBakeoff(core.services, {
    settings: { name: "subjects", title: "Launch subject lines" },
    outputs: bakeoffOutputs(["model-a", "model-b", "model-c", "model-d"], 6),
  });
});
afterEach(async () => {
  await settleBackground(core.deps);
  await postgres.close();
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

describe(`a bake-off on ${where}`, () => {
  it("posts the pairs, keeps the leaderboard in a thread, and stops itself when the ranking is stable", async () => {
    const deferred = await slack.emit(command(user("ULEAD"), "bakeoff", ["start", "subjects"], { channel: CHANNEL }));
    expect(deferred.kind).toBe("deferred");
    const reply = deferred.kind === "deferred" ? await deferred.work() : deferred;
    expect(textOf(viewOf(reply))).toContain("Bake-off subjects starts in this channel");
    await waitFor(() => pairPosts().size === 2 && slack.of("startThread").length === 1, "the announcement, the leaderboard thread and two pairs");
    const announcement = slack.of("postMessage")[0]!;
    expect(textOf(announcement.view)).toContain("4 models answered the same 6 prompts");

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
    await settleBackground(core.deps);
    const { bakeoff, board } = await bakeoffStanding(core.services, "subjects");
    expect(bakeoff.status).toBe("stable");
    expect(board.rows.map((r) => r.model)).toEqual(BEST_FIRST);
    expect(bakeoff.outcome).toMatch(new RegExp(`^Stable at 95% after ${voted.size} votes: 1\\. model-c, 2\\. model-a, 3\\. model-d, 4\\. model-b\\.$`));
    for (const r of board.rows) expect(r.views).toBeGreaterThanOrEqual(3);
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

  it("shows where it stands, refuses a second start, and a lead can stop it", async () => {
    expect(textOf(viewOf(await slack.emit(command(user("ULEAD"), "bakeoff", ["status", "subjects"]))))).toContain("not started");
    const started = await slack.emit(command(user("ULEAD"), "bakeoff", ["start", "subjects"], { channel: CHANNEL }));
    if (started.kind === "deferred") await started.work();
    expect(textOf(viewOf(await slack.emit(command(user("ULEAD"), "bakeoff", ["start", "subjects"], { channel: CHANNEL }))))).toContain(
      "already running in slack:CBAKE",
    );
    await waitFor(() => pairPosts().size === 2, "two pairs");
    const stopped = await slack.emit(command(user("ULEAD"), "bakeoff", ["stop", "subjects"]));
    expect(textOf(viewOf(stopped))).toMatch(/^Stopped by a lead after 0 votes/);
    await settleBackground(core.deps);
    expect(textOf(slack.of("postMessage").at(-1)!.view)).toContain("Stopped by a lead after 0 votes");
    expect((await bakeoffStanding(core.services, "subjects")).bakeoff.status).toBe("stopped");
    expect(textOf(viewOf(await slack.emit(command(user("ULEAD"), "bakeoff", ["list"]))))).toContain("subjects: stopped");
  });
});
