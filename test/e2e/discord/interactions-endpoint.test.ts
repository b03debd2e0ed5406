import { afterEach, describe, expect, it } from "vitest";
import { createTestCore, seedCampaign, seedComparisons } from "../../helpers/core.js";
import { RememberedRequests } from "../../../src/services/remembered-requests.js";
import { startDiscordHarness, testKeyPair, type DiscordHarness } from "../../fakes/fake-discord/harness.js";
import { postInteraction, signInteraction, type StoredMessage } from "../../fakes/fake-discord/server.js";
import { isAction as is } from "../../helpers/action-match.js";
import { helpfulnessCampaign } from "../../helpers/campaign-yaml.js";
import { waitFor } from "../../helpers/wait-for.js";
import { createLogger, type Logger } from "../../../src/logger.js";
import { FakeDiscord } from "../../fakes/fake-discord/server.js";

const CAMPAIGN = helpfulnessCampaign(["discord:900000000000000003"]);
const judgments = (h: DiscordHarness) => (h.core.services.db.$client.prepare("SELECT count(*) AS n FROM judgments").get() as { n: number }).n;

let h: DiscordHarness;
afterEach(async () => h?.close());

/** A button click as Discord would POST it, for requests this test signs (or forges) itself. */
function clickPayload(h: DiscordHarness, card: StoredMessage, customId: string, id: string): string {
  return JSON.stringify({
    id,
    application_id: h.discord.applicationId,
    type: 3,
    token: `tok-hand-made-${id}`,
    version: 1,
    guild_id: h.discord.guildId,
    channel_id: card.channel_id,
    member: { user: { id: "U1", username: "u1", global_name: "U1" }, permissions: "1024" },
    data: { custom_id: customId, component_type: 2 },
    message: { id: card.id, channel_id: card.channel_id, flags: card.flags },
  });
}

/** The bot's own logger (with its redaction), its lines kept, to show what reached the logs. */
function recordingLogger(lines: string[], secrets: string[]): Logger {
  return createLogger({ level: "debug", secrets, destination: { write: (line: string) => void lines.push(line) } });
}

describe("Discord through the Interactions Endpoint URL (signed HTTP POSTs, no gateway)", () => {
  it("answers the Developer Portal's PING with PONG, running on REST alone (no gateway login)", async () => {
    h = await startDiscordHarness({ endpoint: {} });
    expect(await h.discord.ping()).toEqual({ status: 200, json: { type: 1 } });
    expect(h.discord.calls.some((c) => c.path === "/gateway/bot")).toBe(false);
    expect(h.discord.calls.some((c) => c.method === "PUT" && c.path.endsWith("/commands"))).toBe(true);
  });

  it("next → a card, a vote → the judgment stored and the card updated, the rationale modal → stored, a file answer → deferred then the edit with the file", async () => {
    h = await startDiscordHarness({ endpoint: {} });
    const c = await seedCampaign(h.core, CAMPAIGN);
    const long = (ch: string) =>
      Array.from({ length: 2000 }, (_, i) => `${ch}${i} lorem`)
        .join(" ")
        .slice(0, 20_000);
    seedComparisons(h.core, c.id, 2, { text: () => ({ a: long("a"), b: long("b") }) });

    const next = h.discord.command("U1", "next");
    await next.delivery;
    expect(next.httpStatus).toBe(200);
    expect(h.discord.callbacks(next).map((x) => x.body.type)).toEqual([4]);
    const card = h.discord.findMessage(is("vote"))!;
    expect(card.flags & 64).toBe(64);
    expect(JSON.stringify(card.embeds)).toContain("more characters not shown here");

    h.core.clock.advance(60_000);
    const vote = h.discord.click("U1", card, h.discord.customIds(card).find(is("vote", (a) => a.choice === "1"))!);
    await vote.delivery;
    await h.settle();
    expect(h.discord.callbacks(vote).map((x) => x.body.type)).toEqual([7]);
    expect(judgments(h)).toBe(1);
    const voted = h.discord.messages.get(card.id)!;
    expect(JSON.stringify(voted.embeds)).toContain("You chose: Response 1");

    const open = h.discord.click("U1", voted, h.discord.customIds(voted).find(is("rationale"))!);
    await open.delivery;
    const modal = h.discord.callbacks(open)[0]!;
    expect(modal.body.type).toBe(9);
    const formId = String((modal.body.data as { custom_id: string }).custom_id);
    const submit = h.discord.submitModal("U1", formId, { rationale: "Response 1 is right.", confidence: ["4"], difficulty: ["easy"], flags: [] }, voted);
    await submit.delivery;
    await h.settle();
    expect(h.discord.callbacks(submit).map((x) => x.body.type)).toEqual([7]);
    expect(h.core.services.db.$client.prepare("SELECT rationale, confidence FROM judgments").get()).toEqual({
      rationale: "Response 1 is right.",
      confidence: 4,
    });

    // A file cannot ride in the JSON answer (Discord fails multipart answers past ~150 KB): type 5, then @original edited with it.
    const latest = h.discord.messages.get(card.id)!;
    const full = h.discord.click("U1", latest, h.discord.customIds(latest).find(is("full_text", (a) => a.part === "2"))!);
    const edit = await waitFor(
      () => h.discord.calls.find((x) => x.method === "PATCH" && x.path.endsWith(`/${full.token}/messages/@original`)),
      "the edit with the file",
    );
    expect(h.discord.callbacks(full).map((x) => x.body.type)).toEqual([5]);
    expect(edit.files[0]!.data.toString("utf8")).toHaveLength(20_000);
    expect(h.discord.calls.filter((x) => x.status >= 400)).toEqual([]);
  });

  it("refuses (401) a missing, malformed or forged signature, a stale timestamp and a replay, before anything is stored", async () => {
    const lines: string[] = [];
    const discord = new FakeDiscord("discord-test-token-xyz");
    await discord.start();
    const logger = recordingLogger(lines, [discord.token]);
    const core = createTestCore({ logger });
    // The bot's replay guard: kept in seen_requests, written only for requests whose signature held.
    const seen = await RememberedRequests.load(core.services);
    const stored = async () => {
      await seen.flush();
      return (core.services.db.$client.prepare("SELECT count(*) AS n FROM seen_requests").get() as { n: number }).n;
    };
    h = await startDiscordHarness({ discord, core, endpoint: { seenRequests: seen }, logger });
    const c = await seedCampaign(h.core, CAMPAIGN);
    seedComparisons(h.core, c.id, 2);
    const next = h.discord.command("U1", "next");
    await next.delivery;
    const card = h.discord.findMessage(is("vote"))!;
    h.core.clock.advance(60_000); // a vote after a minute: no "too fast" note to follow up
    const url = h.endpoint!.url;
    const body = clickPayload(h, card, h.discord.customIds(card).find(is("vote", (a) => a.choice === "1"))!, "1200000000000000001");
    const good = signInteraction(body, h.endpoint!.privateKey);
    const storedBefore = await stored();
    expect(storedBefore).toBe(1); // the `next` command

    expect((await postInteraction(url, good, { "content-type": "application/json" })).status).toBe(401); // no headers
    expect(
      (await postInteraction(url, good, { "content-type": "application/json", "x-signature-ed25519": "zz", "x-signature-timestamp": good.timestamp })).status,
    ).toBe(401);
    expect((await postInteraction(url, signInteraction(body, testKeyPair().privateKey))).status).toBe(401); // another key
    expect((await postInteraction(url, { ...good, body: body.replace('"U1"', '"U2"') })).status).toBe(401); // body changed after signing
    expect((await postInteraction(url, { ...good, timestamp: String(Number(good.timestamp) + 1) })).status).toBe(401); // timestamp changed
    const stale = signInteraction(body, h.endpoint!.privateKey, String(Math.floor(Date.now() / 1000) - 10 * 60));
    expect((await postInteraction(url, stale)).status).toBe(401);
    expect((await postInteraction(url, signInteraction("{not json", h.endpoint!.privateKey, String(Math.floor(Date.now() / 1000) + 10 * 60)))).status).toBe(
      401,
    ); // from the future
    expect(judgments(h)).toBe(0);
    expect(await stored()).toBe(storedBefore);

    // The same body correctly signed is served; sent again, the very same request is refused.
    const served = await postInteraction(url, good);
    expect(served.status).toBe(200);
    expect(served.json!.type).toBe(7);
    expect(judgments(h)).toBe(1);
    expect(await stored()).toBe(storedBefore + 1);
    expect((await postInteraction(url, good)).status).toBe(401);
    // A replay signed anew with another timestamp carries the same interaction id: served once.
    const again = await postInteraction(url, signInteraction(body, h.endpoint!.privateKey, String(Number(good.timestamp) - 1)));
    expect(again.status).toBe(500);
    expect(judgments(h)).toBe(1);
    // Neither the bot token nor an interaction token reached the logs.
    const logged = lines.join("\n");
    expect(logged).not.toContain(h.discord.token);
    expect(logged).not.toContain("tok-");
    expect(logged).toContain("refused a replayed Discord interaction request");
    await h.close();
    await discord.stop();
  });
});
