import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { createCore, type PairwiseCore } from "../../../src/app.js";
import { ManualClock } from "../../../src/clock.js";
import { publishChannelPost } from "../../../src/core/channel-posts/publish.js";
import { reconcileChannelPosts } from "../../../src/core/channel-posts/reconcile.js";
import type { ChannelRef, Destination, MessageRef, PostedMessage } from "../../../src/core/platform.js";
import { PlatformSendError } from "../../../src/core/platform-errors.js";
import type { MessageView } from "../../../src/core/views.js";
import { isProcessAlive } from "../../../src/io/staging.js";
import { silentLogger } from "../../../src/logger.js";
import { seededRandom } from "../../../src/random.js";
import { withTransaction } from "../../../src/services/context.js";
import { importComparisons } from "../../../src/services/import-comparisons.js";
import { removeInterruptedImports } from "../../../src/services/interrupted-imports.js";
import { planChannelPosts } from "../../../src/services/post-channel-items.js";
import { tryClaim } from "../../../src/storage/claims.js";
import { ROW_LOCK_NAMESPACES } from "../../../src/storage/postgres/advisory-locks.js";
import { postgresDb } from "../../../src/storage/postgres/database.js";
import { claimNewBatch, publishingBatchOf } from "../../../src/storage/repos/import-batches.repo.js";
import { statement } from "../../../src/storage/statement.js";
import { BOTH_CORES, rows, seedItems } from "../../helpers/both-cores.js";
import { seedCampaign } from "../../helpers/core.js";
import { FAST_POST_RETRY } from "../../helpers/fault-tests.js";
import { FakePlatform } from "../../fakes/fake-platform.js";
import { freshPostgres, TEST_POSTGRES_URL, type TestPostgres } from "../../helpers/postgres.js";
import { waitFor } from "../../helpers/wait-for.js";

/*
 * Three places where one process per database was assumed, with two replicas (two pools, two
 * cores) on one real PostgreSQL: a channel post one replica is sending, an import one replica is
 * writing, and two imports into one campaign at once. PGlite has one session, so these need a
 * server (CI starts one; PAIRWISE_TEST_POSTGRES_URL).
 */

const CAMPAIGN = "name: c\nstatus: active\nguidelines: g\ngoldRate: 0\nqualificationGate: false\npeerReviewRate: 0\nchannels: [slack:C1]\n";
const CSV = "test/fixtures/import/plain.csv";
const JSONL = "test/fixtures/import/trl-standard.jsonl";

let pools: pg.Pool[] = [];
let gates: (() => void)[] = [];
let database: TestPostgres | undefined;
afterEach(async () => {
  // A failed test may have left work waiting at a gate, holding a connection: let it finish first.
  for (const open of gates) open();
  const [ending, dropping] = [pools, database];
  pools = [];
  gates = [];
  database = undefined;
  for (const pool of ending) await pool.end();
  await dropping?.close();
});

/** A replica: a pool of its own on the shared database, and a core on it. */
function replica(url: string): PairwiseCore {
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  pool.on("error", () => {});
  pools.push(pool);
  return createCore({
    db: postgresDb(pool),
    clock: new ManualClock("2026-01-05T09:00:00Z"),
    logger: silentLogger(),
    random: seededRandom(7),
    leads: [],
    timezone: "UTC",
    postRetry: FAST_POST_RETRY,
  });
}

/** A manual gate: `wait()` resolves (or fails) when the test says. */
function gate() {
  let open!: () => void;
  let fail!: (error: Error) => void;
  const opened = new Promise<void>((resolve, reject) => {
    open = resolve;
    fail = reject;
  });
  gates.push(open);
  return { opened, open, fail };
}

/** A platform whose sends wait at a gate (a send in flight, its answer not back yet), and which can list what it sent. */
class SlowPlatform extends FakePlatform {
  readonly sent: PostedMessage[] = [];
  readonly entered = gate();
  readonly hold = gate();
  constructor(private readonly slow: boolean) {
    super("slack");
  }
  override async postMessage(to: Destination, view: MessageView): Promise<MessageRef> {
    if (this.slow) {
      this.entered.open();
      await this.hold.opened;
    }
    const ref = await super.postMessage(to, view);
    this.sent.push({ message: ref, actionIds: view.blocks.flatMap((b) => (b.type === "actions" ? b.buttons.map((x) => x.actionId) : [])) });
    return ref;
  }
  async recentOwnMessages(_channel: ChannelRef, _since: Date): Promise<PostedMessage[]> {
    return [...this.sent];
  }
}

/** Ends the sessions holding row locks of `kind` (their replica died, or its network went), and waits until the locks are gone. */
async function cutSessionsHolding(core: PairwiseCore, kind: keyof typeof ROW_LOCK_NAMESPACES): Promise<void> {
  const holders = `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid = ${ROW_LOCK_NAMESPACES[kind]}`;
  const pids = await rows<{ pid: number }>(core, holders);
  expect(pids.length).toBeGreaterThan(0);
  for (const { pid } of pids) await rows(core, "SELECT pg_terminate_backend(CAST(? AS integer))", pid);
  await waitFor(async () => (await rows(core, holders)).length === 0, "the cut sessions to let their locks go", 60_000);
}

/** A process id that runs on no machine we know of: what a replica on another host looks like from here. */
function foreignPid(): number {
  for (let pid = 4_194_000; ; pid++) if (!isProcessAlive(pid)) return pid;
}

describe.skipIf(!TEST_POSTGRES_URL)("replicas on one PostgreSQL: claims that outlive no process", () => {
  it("a channel post one replica is sending is skipped by another replica's start; when the sender's session dies, the next start settles it", async () => {
    database = await freshPostgres();
    const a = replica(database.url!);
    const b = replica(database.url!);
    const campaign = await seedCampaign(a, CAMPAIGN);
    await seedItems(a, campaign.id, 2);
    const { posts } = await planChannelPosts(a.services, { campaign: "c", count: 2 });
    const [first, second] = posts.map((p) => p.post.id) as [number, number];

    // Replica A is sending the first post (its answer not back yet) when replica B starts.
    const slowA = new SlowPlatform(true);
    const sending = publishChannelPost(a.deps, slowA, first);
    await slowA.entered.opened;
    const platformB = new SlowPlatform(false);
    expect(await reconcileChannelPosts(b.deps, platformB)).toMatchObject({ skipped: 1, posted: 1 });
    // B posted only the second post; the first is A's to finish.
    expect(platformB.sent.map((m) => m.actionIds.some((id) => id.includes(String(second))))).toEqual([true]);
    slowA.hold.open();
    expect(await sending).toBe("posted");
    expect(slowA.sent).toHaveLength(1);
    expect(await rows(a, "SELECT id, status FROM channel_posts ORDER BY id")).toEqual([
      { id: first, status: "posted" },
      { id: second, status: "posted" },
    ]);
  });

  it("a post whose sender's session died is settled by the next start, and the old sender, told its send failed, does not send it again", async () => {
    database = await freshPostgres();
    const a = replica(database.url!);
    const b = replica(database.url!);
    const campaign = await seedCampaign(a, CAMPAIGN);
    await seedItems(a, campaign.id, 1);
    const { posts } = await planChannelPosts(a.services, { campaign: "c", count: 1 });
    const id = posts[0]!.post.id;

    const slowA = new SlowPlatform(true);
    const sending = publishChannelPost(a.deps, slowA, id);
    await slowA.entered.opened;
    await cutSessionsHolding(b, "channelPost");
    const platformB = new SlowPlatform(false);
    expect(await reconcileChannelPosts(b.deps, platformB)).toMatchObject({ posted: 1, skipped: 0 });
    // A's send fails with an unknown outcome: it would look and send again, but its claim is gone.
    slowA.hold.fail(new PlatformSendError("unknown", "HTTP 503"));
    expect(await sending).toBe("pending");
    expect(slowA.sent).toHaveLength(0);
    expect(platformB.sent).toHaveLength(1);
    expect(await rows(a, "SELECT status FROM channel_posts")).toEqual([{ status: "posted" }]);
  });

  it("an import being written on a replica on another host is not removed by another replica's cleanup; once its session ends, it is", async () => {
    database = await freshPostgres();
    const a = replica(database.url!);
    const b = replica(database.url!);
    const campaign = await seedCampaign(a, CAMPAIGN);
    // What A's import holds while it writes: the batch, claimed by A's session, its owner a process id this host does not run.
    const reserved = (await claimNewBatch(a.services.db))!;
    await statement<[number, number, number]>(
      a.services.db,
      "INSERT INTO import_batches (id, campaign_id, file_name, format, rows, created_at, status, owner_pid) VALUES (?, ?, 'live.jsonl', 'jsonl/plain', 1, 0, 'publishing', ?)",
    ).run(reserved.id, campaign.id, foreignPid());
    await statement<[number, number]>(
      a.services.db,
      "INSERT INTO comparisons (campaign_id, external_id, prompt, response_a, response_b, target_overlap, import_batch_id, created_at) VALUES (?, 'x1', '[]', 'a', 'b', 3, ?, 0)",
    ).run(campaign.id, reserved.id);
    await statement<[number]>(a.services.db, "UPDATE import_batches SET first_comparison_id = (SELECT min(id) FROM comparisons) WHERE id = ?").run(reserved.id);

    expect(await removeInterruptedImports(b.services)).toEqual([]);
    expect(await removeInterruptedImports(a.services)).toEqual([]);
    expect(await rows(b, "SELECT count(*) AS n FROM comparisons")).toEqual([{ n: 1 }]);

    await cutSessionsHolding(b, "importBatch");
    expect(await removeInterruptedImports(b.services)).toEqual(["live.jsonl"]);
    expect(await rows(b, "SELECT count(*) AS n FROM comparisons")).toEqual([{ n: 0 }]);
    expect(await rows(b, "SELECT count(*) AS n FROM import_batches")).toEqual([{ n: 0 }]);
    await reserved.claim.release();
  });

  it("two imports into one campaign check for each other one at a time: the second waits for the first's batch, then sees it", async () => {
    database = await freshPostgres();
    const a = replica(database.url!);
    const b = replica(database.url!);
    const campaign = await seedCampaign(a, CAMPAIGN);
    const begin = async (core: PairwiseCore, file: string) =>
      await statement<[number, string]>(
        core.services.db,
        "INSERT INTO import_batches (campaign_id, file_name, format, rows, created_at, status) VALUES (?, ?, 'jsonl/plain', 1, 0, 'publishing')",
      ).run(campaign.id, file);

    // A has checked and inserted its batch, not yet committed.
    const inserted = gate();
    const commit = gate();
    const first = withTransaction(a.services, async () => {
      expect(await publishingBatchOf(a.services.db, campaign.id)).toBeUndefined();
      await begin(a, "a.jsonl");
      inserted.open();
      await commit.opened;
    });
    await inserted.opened;
    // B checks now: it must wait for A (a lock the server shows as not granted), not see "no other import" and insert too.
    const second = withTransaction(b.services, async () => {
      const other = await publishingBatchOf(b.services.db, campaign.id);
      if (!other) await begin(b, "b.jsonl");
      return other;
    });
    const waiting = waitFor(
      async () =>
        (await rows(a, `SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND classid = ${ROW_LOCK_NAMESPACES.campaignImports}`)).length > 0,
      "the second import to wait for the first",
      60_000,
    );
    expect(await Promise.race([second.then(() => "checked at once"), waiting.then(() => "waited")])).toBe("waited");
    commit.open();
    await first;
    expect(await second).toMatchObject({ fileName: "a.jsonl" });
    expect(await rows(a, "SELECT file_name FROM import_batches WHERE status = 'publishing'")).toEqual([{ file_name: "a.jsonl" }]);
  });

  it("an import on one replica refuses to start while another replica's import into the campaign is being written, and leaves it alone", async () => {
    database = await freshPostgres();
    const a = replica(database.url!);
    const b = replica(database.url!);
    await seedCampaign(a, CAMPAIGN);
    const publishing = gate();
    const finish = gate();
    const first = importComparisons(a.services, {
      campaign: "c",
      path: JSONL,
      onPublish: async () => {
        publishing.open();
        await finish.opened;
      },
    });
    await publishing.opened;
    await expect(importComparisons(b.services, { campaign: "c", path: CSV })).rejects.toThrow(/Another import into this campaign \(trl-standard.jsonl\)/);
    finish.open();
    expect(await first).toMatchObject({ imported: 10 });
    expect(await importComparisons(b.services, { campaign: "c", path: CSV })).toMatchObject({ imported: 4 });
    expect(await rows(a, "SELECT file_name, status FROM import_batches ORDER BY id")).toEqual([
      { file_name: "trl-standard.jsonl", status: "published" },
      { file_name: "plain.csv", status: "published" },
    ]);
  });
});

describe.each(BOTH_CORES)("claims in one process on %s (SQLite and PGlite serve one process)", (_name, make) => {
  it("a row claimed once is refused a second claim until released; a batch claimed by this process's import is not cleaned up", async () => {
    const core = await make();
    try {
      const db = core.services.db;
      const claim = (await tryClaim(db, "channelPost", 1))!;
      expect(await claim.alive()).toBe(true);
      expect(await tryClaim(db, "channelPost", 1)).toBeUndefined();
      const otherKind = (await tryClaim(db, "importBatch", 1))!;
      expect(otherKind).toBeDefined();
      await otherKind.release();
      await claim.release();
      const again = (await tryClaim(db, "channelPost", 1))!;
      await again.release();

      const campaign = await seedCampaign(core, CAMPAIGN);
      const insert = statement<[number, string, number]>(
        db,
        "INSERT INTO import_batches (campaign_id, file_name, format, rows, created_at, status, owner_pid) VALUES (?, ?, 'jsonl/plain', 0, 0, 'publishing', ?)",
      );
      // A dead importer's batch goes; on PostgreSQL, a batch this process's import claimed stays (on SQLite its owner's pid, this process, says so).
      await insert.run(campaign.id, "dead.jsonl", foreignPid());
      const reserved = await claimNewBatch(db);
      if (reserved) {
        await statement<[number, number, number]>(
          db,
          "INSERT INTO import_batches (id, campaign_id, file_name, format, rows, created_at, status, owner_pid) VALUES (?, ?, 'mine.jsonl', 'jsonl/plain', 0, 0, 'publishing', ?)",
        ).run(reserved.id, campaign.id, foreignPid());
      } else {
        await insert.run(campaign.id, "mine.jsonl", process.pid);
      }
      expect(await removeInterruptedImports(core.services)).toEqual(["dead.jsonl"]);
      await reserved?.claim.release();
      expect(await rows(core, "SELECT file_name FROM import_batches")).toEqual([{ file_name: "mine.jsonl" }]);
    } finally {
      await core.close();
    }
  });
});
