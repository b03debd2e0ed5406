import { PermissionFlagsBits } from "discord.js";
import { afterEach, describe, expect, it } from "vitest";
import { bakeoffsWithStatus } from "../../../src/services/bakeoff/find-bakeoff.js";
import { startDiscordHarness, type DiscordHarness } from "../../fakes/fake-discord/harness.js";
import type { PendingInteraction } from "../../fakes/fake-discord/server.js";
import { startSlackHarness, type SlackHarness } from "../../fakes/fake-slack/harness.js";
import { waitFor } from "../../helpers/wait-for.js";

const MANAGE = String(PermissionFlagsBits.ManageGuild);
const outputs = (models: string[], prompts: number) =>
  models
    .flatMap((model) =>
      Array.from({ length: prompts }, (_, p) => JSON.stringify({ prompt_id: `p${p}`, prompt: `Prompt ${p}?`, model, output: `${model}: ${p}` })),
    )
    .join("\n");

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

function createWith(harness: DiscordHarness, args: string, name: string, data: Buffer): PendingInteraction {
  const attachment = harness.discord.attach(name, data);
  return harness.discord.command(
    "100000000000000001",
    "bakeoff",
    [
      { name: "args", type: 3, value: args },
      { name: "file", type: 11, value: attachment.id },
    ],
    { permissions: MANAGE, attachments: [attachment] },
  );
}

describe("/pairwise bakeoff create with the outputs attached", () => {
  it("Discord: creates the draft from the attachment; a bad row creates nothing and is named by line and field", async () => {
    h = await startDiscordHarness();
    const ok = createWith(h, 'create subjects --title "Launch lines"', "outputs.jsonl", Buffer.from(outputs(["m-a", "m-b", "m-c"], 3)));
    expect(await waitFor(() => answerOf(h!, ok), "the answer")).toContain("Created bake-off subjects (a draft): 3 models (m-a, m-b, m-c) on 3 prompts.");
    expect(h.discord.callbacks(ok).map((c) => c.body.type)).toEqual([5]); // deferred first: a download is slow
    expect((await bakeoffsWithStatus(h.core.services)).map((b) => [b.name, b.title, b.status])).toEqual([["subjects", "Launch lines", "draft"]]);

    const bad = createWith(h, "create more", "more.jsonl", Buffer.from(`${outputs(["x", "y"], 1)}\n{"prompt": "Hi", "model": "x"}`));
    expect(await waitFor(() => answerOf(h!, bad), "the failed create's answer")).toMatch(/more\.jsonl:3, field "output"/);
    expect(await bakeoffsWithStatus(h.core.services)).toHaveLength(1);
  });

  it("Slack: a command cannot carry a file, so it says how to create one instead", async () => {
    slack = await startSlackHarness({ leads: [{ platform: "slack", userId: "ULEAD" }] });
    await slack.command("ULEAD", "bakeoff create subjects");
    await waitFor(() => slack!.slack.responses.length > 0, "the answer");
    expect(String(slack.slack.responses.at(-1)!.body.text)).toMatch(
      /Attach the models' outputs to `\/pairwise bakeoff create subjects`.*run `pairwise bakeoff create <outputs file> --name <name>` on the server/,
    );
  });
});
