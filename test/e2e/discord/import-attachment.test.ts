import { PermissionFlagsBits } from "discord.js";
import { afterEach, describe, expect, it } from "vitest";
import { MAX_ATTACHMENT_IMPORT_BYTES } from "../../../src/services/import-attachment.js";
import { startDiscordHarness, type DiscordHarness } from "../../fakes/fake-discord/harness.js";
import type { PendingInteraction } from "../../fakes/fake-discord/server.js";
import { startSlackHarness, type SlackHarness } from "../../fakes/fake-slack/harness.js";
import { seedCampaign } from "../../helpers/core.js";
import { waitFor } from "../../helpers/wait-for.js";

const MANAGE = String(PermissionFlagsBits.ManageGuild);
const CAMPAIGN = "name: c\nstatus: active\nguidelines: g";
// Manage Server leads the campaigns whose channels are in that server.
const DISCORD_CAMPAIGN = `${CAMPAIGN}\nchannels: [discord:900000000000000003]`;
const rows = (n: number) =>
  Array.from({ length: n }, (_, i) => JSON.stringify({ id: `q${i}`, prompt: `Question ${i}?`, response_a: `A${i}`, response_b: `B${i}` })).join("\n");

let h: DiscordHarness | undefined;
let slack: SlackHarness | undefined;
afterEach(async () => {
  await h?.close();
  await slack?.close();
  h = undefined;
  slack = undefined;
});

/** The text of the message that finally answers a deferred interaction (its edit or follow-up). */
function answerOf(harness: DiscordHarness, pending: PendingInteraction): string | undefined {
  const answer = harness.discord.calls.find((c) => c.path.startsWith("/webhooks/") && c.path.includes(pending.token) && c.status < 300);
  if (!answer) return undefined;
  const body = answer.body as { content?: string; embeds?: { description?: string; title?: string }[] };
  return [body.content, ...(body.embeds ?? []).flatMap((e) => [e.title, e.description])].filter(Boolean).join("\n");
}

function importWith(harness: DiscordHarness, name: string, data: Buffer, declaredSize?: number): PendingInteraction {
  const attachment = harness.discord.attach(name, data, declaredSize);
  return harness.discord.command(
    "ULEAD",
    "import",
    [
      { name: "campaign", type: 3, value: "c" },
      { name: "file", type: 11, value: attachment.id },
    ],
    { permissions: MANAGE, attachments: [attachment] },
  );
}

const items = (harness: DiscordHarness | SlackHarness) => harness.core.services.db.$client.prepare("SELECT count(*) AS n FROM comparisons").get();

describe("/pairwise import with an attached file", () => {
  it("Discord: imports the attachment, all or nothing, and says what it did", async () => {
    h = await startDiscordHarness();
    await seedCampaign(h.core, DISCORD_CAMPAIGN);
    const ok = importWith(h, "items.jsonl", Buffer.from(rows(3)));
    const answer = await waitFor(() => answerOf(h!, ok), "the import's answer");
    expect(h.discord.callbacks(ok).map((c) => c.body.type)).toEqual([5]); // deferred first: a download is slow
    expect(answer).toContain("Imported 3 items (0 gold/calibration) from items.jsonl as jsonl/plain.");
    expect(items(h)).toEqual({ n: 3 });

    const bad = importWith(h, "more.jsonl", Buffer.from(`${rows(1).replace("q0", "x0")}\n{"prompt": "only a prompt"}`));
    expect(await waitFor(() => answerOf(h!, bad), "the failed import's answer")).toMatch(/more\.jsonl:2, field "response_a"/);
    expect(items(h)).toEqual({ n: 3 });
  });

  it("Discord: a file past the size cap is refused before it is downloaded, and one that lies about its size as it arrives", async () => {
    h = await startDiscordHarness();
    await seedCampaign(h.core, DISCORD_CAMPAIGN);
    const big = importWith(h, "big.jsonl", Buffer.from(rows(1)), MAX_ATTACHMENT_IMPORT_BYTES + 1);
    await h.answered(big);
    expect(JSON.stringify(h.discord.callbacks(big)[0]!.body)).toMatch(/big\.jsonl.* is 25 MiB; an attached file can be at most 25 MiB/);
    expect(h.discord.calls.some((c) => c.path.startsWith("/attachments/"))).toBe(false);

    const liar = importWith(h, "liar.jsonl", Buffer.alloc(MAX_ATTACHMENT_IMPORT_BYTES + 1024, "x"), 100);
    expect(await waitFor(() => answerOf(h!, liar), "the refusal")).toMatch(/Could not download "liar\.jsonl" \(the attachment is larger than/);
    expect(items(h)).toEqual({ n: 0 });
  });

  it("Slack: a command cannot carry a file, so it says how to import instead", async () => {
    slack = await startSlackHarness({ leads: [{ platform: "slack", userId: "ULEAD" }] });
    await seedCampaign(slack.core, CAMPAIGN);
    await slack.command("ULEAD", "import c");
    await waitFor(() => slack!.slack.responses.length > 0, "the answer");
    expect(String(slack.slack.responses.at(-1)!.body.text)).toMatch(
      /Attach the file to `\/pairwise import c`.*run `pairwise import <campaign> <file>` on the server/,
    );
  });
});
