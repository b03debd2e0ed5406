import type { ChildProcess } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { testKeyPair } from "../../fakes/fake-discord/harness.js";
import { FakeDiscord } from "../../fakes/fake-discord/server.js";
import { FakeSlack } from "../../fakes/fake-slack/server.js";
import { freePort, startBot } from "../../helpers/bot-process.js";
import { runCli } from "../../helpers/cli.js";
import { freshPostgres, TEST_POSTGRES_URL, type TestPostgres } from "../../helpers/postgres.js";
import { DiscordAnnotators, SlackAnnotators, type NextResult, type ReplicaUrls, type VoteResult } from "../../helpers/replica-annotators.js";
import { waitFor } from "../../helpers/wait-for.js";
import { tooFastFloorMs } from "../../../src/domain/anomalies.js";

/*
 * Two real bot processes (src/main.ts) on one PostgreSQL database, as behind a load balancer:
 * each serves Slack in HTTP mode and Discord through its Interactions Endpoint, against one shared
 * FakeSlack and one shared FakeDiscord. 500 annotators (half on each platform) ask for their next
 * item and vote, round after round, each request sent to one replica or the other (a person's
 * `next` and vote never to the same one), many at once. Whatever replica served what: every vote
 * acknowledged is stored once, no one judges an item twice, no item goes past its overlap, a signed
 * request is served by one replica only, and one replica runs the scheduled jobs.
 *
 * Needs a PostgreSQL server (PAIRWISE_TEST_POSTGRES_URL; CI starts one): PGlite lives inside one
 * process and cannot be shared by two.
 */

const SKIP_REASON = TEST_POSTGRES_URL
  ? undefined
  : "PAIRWISE_TEST_POSTGRES_URL is unset: two processes need a PostgreSQL server to share, and PGlite lives inside one process (CI sets it)";

const ANNOTATORS = 500;
const ROUNDS = 3;
const OVERLAP = 3;
/** Room for every vote of every round, with a tenth to spare: no one is turned away for want of items. */
const ITEMS = Math.ceil((ANNOTATORS * ROUNDS * 1.1) / OVERLAP);
/** Requests in flight at once, over both replicas (an ack is timed from when its request is sent). */
const IN_FLIGHT = 250;
/** Times a person asks again when the platform gave up waiting for the bot (Slack and Discord allow 3 seconds). */
const ATTEMPTS = 10;
/** The items' texts: short, so a person reads one in little more than the 2 seconds anyone needs. */
const item = (i: number) => ({ id: `q${i}`, prompt: `Q${i}?`, response_a: `A${i}`, response_b: `B${i}` });
/**
 * How long each person reads a card before voting: past the floor under which a vote is flagged
 * as too fast (domain/anomalies.ts). A flagged vote goes to peer review, and `next` would then hand
 * out review work instead of items; reading first keeps this test about votes. The bot measures
 * the time from when it handed the item out, so waiting this long after the card arrived is enough.
 */
const READING_MS =
  tooFastFloorMs(Math.max(...Array.from({ length: ITEMS }, (_, i) => item(i)).map((x) => x.prompt.length + x.response_a.length + x.response_b.length))) + 50;
const SLACK_SECRET = "5f2b5e0c9d1a4e7f8b3c6a9d0e1f2a3b";
const SLACK_TOKEN = "xoxb-replicas-test-token";
const LEADER_LOG = "this replica now runs the scheduled jobs";

interface Replica extends ReplicaUrls {
  child: ChildProcess;
  logs: string[];
  health: string;
}

/** At most `max` of the calls run at once; the others wait their turn in order. */
function limiter(max: number): <T>(work: () => Promise<T>) => Promise<T> {
  let active = 0;
  const queue: (() => void)[] = [];
  return async (work) => {
    if (active < max) active++;
    else await new Promise<void>((resolve) => queue.push(resolve));
    try {
      return await work();
    } finally {
      const next = queue.shift();
      if (next) next();
      else active--;
    }
  };
}

async function exitCode(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  return await new Promise((resolve) => child.once("exit", (code) => resolve(code)));
}

let postgres: TestPostgres | undefined;
let slack: FakeSlack | undefined;
let discord: FakeDiscord | undefined;
const replicas: Replica[] = [];
afterAll(async () => {
  for (const r of replicas) if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill("SIGKILL");
  await Promise.all(replicas.map((r) => exitCode(r.child)));
  await slack?.stop();
  await discord?.stop();
  await postgres?.close();
});

describe("two bot replicas on one PostgreSQL", () => {
  it(`${ANNOTATORS} annotators on Slack and Discord voting through both replicas: every acknowledged vote stored once, no item past its overlap, one scheduler`, async (ctx) => {
    if (SKIP_REASON) return ctx.skip(SKIP_REASON);
    postgres = await freshPostgres();
    const url = postgres.url!;
    const db = postgres.client as pg.Pool;
    const count = async (sql: string) => Number((await db.query<{ n: string }>(sql)).rows[0]!.n);

    // The campaign and its items, made through the CLI as a lead would, on the same database.
    // maxOverlap = overlap: disagreement cannot raise an item's target (adaptive overlap), so
    // "past its overlap" means past 3 for every item.
    const dir = mkdtempSync(join(tmpdir(), "pw-replicas-"));
    writeFileSync(
      join(dir, "c.yaml"),
      `name: c\nstatus: active\nguidelines: Pick the better one.\ngoldRate: 0\nqualificationGate: false\npeerReviewRate: 0\noverlap: ${OVERLAP}\nmaxOverlap: ${OVERLAP}\n`,
    );
    writeFileSync(join(dir, "items.jsonl"), Array.from({ length: ITEMS }, (_, i) => JSON.stringify(item(i))).join("\n"));
    for (const args of [
      ["campaign", "create", join(dir, "c.yaml")],
      ["import", "c", join(dir, "items.jsonl")],
    ]) {
      const r = await runCli(args, { DATABASE_URL: url });
      expect(r.error, `pairwise ${args.join(" ")}`).toBeUndefined();
    }
    expect(await count("SELECT count(*) AS n FROM comparisons")).toBe(ITEMS);

    slack = new FakeSlack({ token: SLACK_TOKEN, signingSecret: SLACK_SECRET });
    discord = new FakeDiscord("discord-replicas-test-token");
    await Promise.all([slack.start(), discord.start()]);
    const keys = testKeyPair();
    for (const name of ["replica-a", "replica-b"]) {
      const [slackPort, discordPort, healthPort] = [await freePort(), await freePort(), await freePort()];
      const { child, logs } = await startBot(
        {
          DATABASE_URL: url,
          SLACK_BOT_TOKEN: SLACK_TOKEN,
          SLACK_SIGNING_SECRET: SLACK_SECRET,
          SLACK_PORT: String(slackPort),
          SLACK_API_URL: slack.apiUrl,
          DISCORD_BOT_TOKEN: discord.token,
          DISCORD_APPLICATION_ID: discord.applicationId,
          DISCORD_PUBLIC_KEY: keys.publicKeyHex,
          DISCORD_INTERACTIONS_PORT: String(discordPort),
          DISCORD_GATEWAY: "off",
          DISCORD_API_URL: discord.apiUrl,
          PAIRWISE_HEALTH_PORT: String(healthPort),
        },
        "Discord interactions endpoint listening",
      );
      replicas.push({
        name,
        child,
        logs,
        slack: `http://127.0.0.1:${slackPort}/slack/events`,
        discord: `http://127.0.0.1:${discordPort}/discord/interactions`,
        health: `http://127.0.0.1:${healthPort}`,
      });
    }
    // Ready: started, connected, its scheduler (leading or following) running.
    for (const r of replicas) await waitFor(async () => (await fetch(`${r.health}/readyz`)).status === 200, `${r.name} ready`, 30_000);

    const slackPeople = new SlackAnnotators(slack);
    const discordPeople = new DiscordAnnotators(discord, keys.privateKey);
    const people = Array.from({ length: ANNOTATORS }, (_, i) =>
      i % 2 === 0
        ? { platform: slackPeople, user: `U${String(i).padStart(4, "0")}` }
        : { platform: discordPeople, user: String(800_000_000_000_000_000n + BigInt(i)) },
    );
    const turn = limiter(IN_FLIGHT);
    const votes: { assignmentId: number; platform: "slack" | "discord"; replica: Replica; result: VoteResult }[] = [];
    /** Every vote request's time to its acknowledgement (or to the platform giving up), retries included. */
    const ackTimes: number[] = [];
    const problems: string[] = [];
    const turnedAway: string[] = [];
    const timeouts: string[] = [];
    await Promise.all(
      people.map(async ({ platform, user }, i) => {
        for (let round = 0; round < ROUNDS; round++) {
          // Alternating by person (half of each platform's people on each replica) and by round; this
          // person's vote goes to the replica that did not hand the item out.
          const first = (Math.floor(i / 2) + round) % 2;
          const asked = replicas[first]!;
          const voteAt = replicas[1 - first]!;
          // A request the platform gave up on (no answer within its 3 seconds) is asked again, as a person would.
          let next: NextResult = { timedOut: "" };
          for (let attempt = 1; attempt <= ATTEMPTS && "timedOut" in next; attempt++) {
            next = await turn(() => platform.next(user, asked));
            if ("timedOut" in next) timeouts.push(`${user} round ${round} next: ${next.timedOut}`);
          }
          if (!("assignmentId" in next)) {
            turnedAway.push(`${user} round ${round}: ${"none" in next ? next.none : `no answer in ${ATTEMPTS} attempts`}`);
            return;
          }
          const assignmentId = next.assignmentId;
          await new Promise((resolve) => setTimeout(resolve, READING_MS));
          let result: VoteResult | undefined;
          for (let attempt = 1; attempt <= ATTEMPTS && (!result || result.timedOut); attempt++) {
            result = await turn(() => platform.vote(user, assignmentId, voteAt));
            ackTimes.push(result.ms);
            if (result.timedOut) timeouts.push(`${user} round ${round} vote: ${result.problem}`);
          }
          votes.push({ assignmentId, platform: platform === slackPeople ? "slack" : "discord", replica: voteAt, result: result! });
          if (result!.problem) problems.push(`${user} round ${round}: ${result!.problem}`);
        }
      }),
    );
    slackPeople.stop();

    const acknowledged = votes.filter((v) => v.result.acknowledged);
    const sorted = [...ackTimes].sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
    console.info(
      `two replicas on PostgreSQL: ${acknowledged.length} votes acknowledged of ${votes.length} by ${ANNOTATORS} annotators in ${ROUNDS} rounds ` +
        `(at most ${IN_FLIGHT} requests in flight); vote ack p50 ${at(0.5).toFixed(1)} ms, p99 ${at(0.99).toFixed(1)} ms, max ${at(1).toFixed(1)} ms over ${ackTimes.length} vote requests; ` +
        `requests the platform gave up on and the person repeated: ${timeouts.length}; votes per replica: ${replicas.map((r) => `${r.name} ${votes.filter((v) => v.replica === r).length}`).join(", ")}`,
    );
    if (timeouts.length > 0) console.info(`repeated after a platform timeout (first 5):\n  ${timeouts.slice(0, 5).join("\n  ")}`);
    // What the replicas logged as errors (pino's level 50 and up), for whoever reads a slow or failing run.
    const errors = replicas.flatMap((r) =>
      r.logs
        .join("")
        .split("\n")
        .filter((line) => /"level":(5|6)0/.test(line))
        .map((line) => `${r.name}: ${line.slice(0, 400)}`),
    );
    if (errors.length > 0) console.info(`errors the replicas logged: ${errors.length} (first 5):\n  ${errors.slice(0, 5).join("\n  ")}`);
    expect(problems).toEqual([]);
    expect(turnedAway).toEqual([]);
    expect(votes).toHaveLength(ANNOTATORS * ROUNDS);
    expect(acknowledged).toHaveLength(votes.length);

    // 0 lost, 0 duplicated: each acknowledged vote is a judgment, and there is no other.
    expect(await count("SELECT count(*) AS n FROM judgments")).toBe(acknowledged.length);
    const stored = new Set((await db.query<{ id: string }>("SELECT assignment_id AS id FROM judgments")).rows.map((r) => Number(r.id)));
    expect(acknowledged.filter((v) => !stored.has(v.assignmentId)).map((v) => v.assignmentId)).toEqual([]);
    expect(new Set(acknowledged.map((v) => v.assignmentId)).size).toBe(acknowledged.length);
    expect((await db.query("SELECT assignment_id FROM judgments GROUP BY assignment_id HAVING count(*) > 1")).rows).toEqual([]);
    expect((await db.query("SELECT annotator_id, comparison_id FROM judgments GROUP BY 1, 2 HAVING count(*) > 1")).rows).toEqual([]);
    expect((await db.query("SELECT annotator_id, comparison_id FROM assignments GROUP BY 1, 2 HAVING count(*) > 1")).rows).toEqual([]);
    expect(await count("SELECT count(*) AS n FROM annotators")).toBe(ANNOTATORS);
    // No item past its overlap: neither judged nor handed out (open or done) more often.
    expect(
      (
        await db.query(
          `SELECT c.id, c.target_overlap,
                  (SELECT count(*) FROM judgments j WHERE j.comparison_id = c.id) AS judged,
                  (SELECT count(*) FROM assignments a WHERE a.comparison_id = c.id AND a.status IN ('open', 'done')) AS held
             FROM comparisons c
            WHERE (SELECT count(*) FROM judgments j WHERE j.comparison_id = c.id) > ${OVERLAP}
               OR (SELECT count(*) FROM assignments a WHERE a.comparison_id = c.id AND a.status IN ('open', 'done')) > ${OVERLAP}`,
        )
      ).rows,
    ).toEqual([]);

    // A signed request is served once, whichever replica it reaches: a copy sent to the other one is refused.
    const replayed = async (platform: "slack" | "discord") => {
      const v = acknowledged.find((x) => x.platform === platform)!;
      const other = replicas.find((r) => r !== v.replica)!;
      return { toOther: await v.result.replayTo(other), toSame: await v.result.replayTo(v.replica) };
    };
    expect(await replayed("slack")).toEqual({ toOther: 401, toSame: 401 });
    expect(await replayed("discord")).toEqual({ toOther: 401, toSame: 401 });
    expect(await count("SELECT count(*) AS n FROM judgments")).toBe(acknowledged.length);

    // One scheduler: exactly one replica took the lead.
    const leaders = replicas.filter((r) => r.logs.join("").includes(LEADER_LOG));
    expect(leaders.map((r) => r.name)).toHaveLength(1);

    // Each replica's health endpoint checks the database and says ok.
    for (const r of replicas) {
      for (const path of ["/healthz", "/readyz"]) {
        const res = await fetch(`${r.health}${path}`);
        const body = (await res.json()) as { status: string; checks: Record<string, string> };
        expect({ replica: r.name, path, status: res.status, body }).toMatchObject({ status: 200, body: { status: "ok", checks: { database: "ok" } } });
      }
    }

    // SIGTERM: both finish what is in flight and exit 0.
    for (const r of replicas) r.child.kill("SIGTERM");
    const codes = await Promise.all(replicas.map((r) => exitCode(r.child)));
    expect(codes, replicas.map((r) => `${r.name}:\n${r.logs.join("").slice(-3000)}`).join("\n")).toEqual([0, 0]);
  });
});
