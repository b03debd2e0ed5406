import { afterEach, describe, expect, it } from "vitest";
import { createOpenAiJudge } from "../../../adapters/openai-judge/index.js";
import { attachPlatform, stopJudgeRuns } from "../../../src/app.js";
import { FakePlatform } from "../../fakes/fake-platform.js";
import { verdictNaming, type FakeOpenAi, type FakeOpenAiOptions } from "../../fakes/fake-openai/server.js";
import { fakeJudge, judgedCampaign } from "../../helpers/ai-judge.js";
import { createTestCore, seedCampaign, seedComparisons, type TestCore } from "../../helpers/core.js";
import { action, button, command, textOf, user, viewOf } from "../../helpers/events.js";
import { waitFor } from "../../helpers/wait-for.js";

let server: FakeOpenAi | undefined;
let core: TestCore | undefined;
afterEach(async () => {
  if (core) await stopJudgeRuns(core);
  await server?.close();
  server = undefined;
  core = undefined;
});

const LEAD = user("ULEAD");

async function setup(respond: FakeOpenAiOptions["respond"], items = 3) {
  server = await fakeJudge({ respond });
  core = createTestCore({
    leads: [{ platform: "slack", userId: "ULEAD" }],
    judge: { port: createOpenAiJudge({ baseUrl: server.url }), defaultModel: "env-model", backoffBaseMs: 5 },
  });
  const slack = new FakePlatform("slack");
  await attachPlatform(core, slack);
  seedComparisons(core, (await seedCampaign(core, judgedCampaign(""))).id, items);
  return { core, slack };
}

const lastDm = (slack: FakePlatform) => {
  const updates = slack.of("updateMessage");
  return updates.length > 0 ? textOf(updates.at(-1)!.view) : textOf(slack.of("postMessage").at(-1)!.view);
};

describe("/pairwise prescore in chat", () => {
  it("is for leads; a lead gets an answer at once, then a progress message in their DM that ends with the summary", async () => {
    const { core, slack } = await setup((r) => ({
      verdict: verdictNaming(r, r.first.startsWith("Answer A") ? r.first : r.second) as "1" | "2",
      probability: 0.9,
    }));
    const refused = viewOf(await slack.emit(command(user("U1"), "prescore", ["c"])));
    expect(textOf(refused)).toContain("`/pairwise prescore` is for campaign leads.");

    const reply = viewOf(await slack.emit(command(LEAD, "prescore", ["c"])));
    expect(textOf(reply)).toBe(
      "Pre-scoring 3 pairs of c with judge-model, both orders each. Progress and the summary come in a direct message; votes are not held up.",
    );
    await waitFor(() => core.deps.judge!.running.size === 0 && lastDm(slack).includes("done"), "the run's final message");
    const posted = slack.of("postMessage")[0]!;
    expect(posted.to).toEqual({ kind: "direct", user: LEAD });
    expect(textOf(posted.view)).toContain("Pre-scoring c");
    const final = lastDm(slack);
    expect(final).toContain("Pre-scoring c: done");
    expect(final).toMatch(/Pre-scored 3 of 3 pairs of c with judge-model \(prompt judge-v1\)/);
    expect(final).toMatch(/Tokens: [\d,]+ prompt \+ [\d,]+ completion/);
    expect(final).toContain("Judge vs humans: /pairwise report c judge");
    expect(core.services.db.$client.prepare("SELECT requested_by, status FROM prescore_runs").get()).toEqual({ requested_by: "slack:ULEAD", status: "done" });
  });

  it("never holds up votes: people label while the judge is still thinking, and a second run is refused", async () => {
    const { core, slack } = await setup(() => ({ hang: true }));
    await slack.emit(command(LEAD, "prescore", ["c"]));
    await waitFor(() => (server?.requests.length ?? 0) >= 2, "the judge asked");
    const card = viewOf(await slack.emit(command(user("U1"), "next")));
    core.clock.advance(60_000);
    const voted = viewOf(
      await slack.emit(
        action(
          user("U1"),
          button(card, "vote", (a) => a.choice === "1"),
        ),
      ),
    );
    expect(textOf(voted)).toContain("You chose: Response 1");
    expect(textOf(viewOf(await slack.emit(command(LEAD, "prescore", ["c"]))))).toMatch(
      /Campaign "c" is being pre-scored already \(run 1, .* by slack:ULEAD, 0 of 3 pairs so far\)/,
    );

    await stopJudgeRuns(core);
    await waitFor(() => lastDm(slack).includes("stopped"), "the stopped message");
    expect(lastDm(slack)).toContain("Stopped early: stopped on request. What was stored stays; run prescore again to resume.");
    expect(core.services.db.$client.prepare("SELECT status FROM prescore_runs").get()).toEqual({ status: "interrupted" });
  });

  it("--dry-run estimates; bad options and a bot without a judge get clear answers", async () => {
    const { slack } = await setup(() => ({ verdict: "tie" }));
    const dry = await slack.emit(command(LEAD, "prescore", ["c", "--dry-run", "--limit", "2"]));
    expect(dry.kind).toBe("deferred");
    if (dry.kind !== "deferred") return;
    expect(textOf(viewOf(await dry.work()))).toMatch(/^Dry run for c with judge-model \(prompt judge-v1\): 2 pairs to score, 4 requests/);
    expect(server!.requests).toHaveLength(0);
    expect(textOf(viewOf(await slack.emit(command(LEAD, "prescore", ["c", "--limit", "none"]))))).toContain('The limit is a positive whole number, got "none"');
    expect(textOf(viewOf(await slack.emit(command(LEAD, "prescore", []))))).toContain(
      "Say which campaign: `/pairwise prescore <campaign> [--limit n] [--dry-run]`",
    );

    const bare = createTestCore({ leads: [{ platform: "slack", userId: "ULEAD" }] });
    const other = new FakePlatform("slack");
    await attachPlatform(bare, other);
    await seedCampaign(bare, judgedCampaign(""));
    expect(textOf(viewOf(await other.emit(command(LEAD, "prescore", ["c"]))))).toContain(
      "The AI judge is not configured on this bot: an admin sets PAIRWISE_JUDGE_URL",
    );
  });
});
