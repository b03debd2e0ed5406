import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { pairwiseCommand } from "../../../../adapters/discord/commands.js";
import { modalValues, parseButton, parseChatInput, type RawInteraction } from "../../../../adapters/discord/parse.js";
import { renderMessage, renderModal } from "../../../../adapters/discord/render.js";
import { validateCommand, validateMessage, validateModal } from "../../../fakes/fake-discord/validate.js";

const fixture = (name: string) => JSON.parse(readFileSync(`test/fixtures/platform/discord/${name}`, "utf8")) as Record<string, unknown>;
const body = (f: Record<string, unknown>) => (f.payload ?? f.body ?? f.d ?? f) as RawInteraction;

describe("Discord parsing against Discord's documented payloads", () => {
  it("reads a chat-input subcommand (the fixture's member and guild, our options) into a command event", () => {
    const raw = body(fixture("interaction.chat_input_subcommand.derived.json"));
    const ours = {
      ...raw,
      data: { ...raw.data, name: "pairwise", options: [{ type: 1, name: "next", options: [{ type: 3, name: "campaign", value: "demo" }] }] },
    };
    const event = parseChatInput(ours, async () => Buffer.alloc(0));
    expect(event).toMatchObject({ kind: "command", subcommand: "next", args: ["demo"] });
    expect(event.user).toMatchObject({ platform: "discord", workspaceId: "290926798626357999", userId: "53908232506183680" });
    // permissions "2147483647" include Administrator and Manage Server.
    expect(event.platformAdmin).toBe(true);
  });

  it("reads export's options line as the CLI's flags, after the campaign, format and switches", () => {
    const raw = body(fixture("interaction.chat_input_subcommand.derived.json"));
    const options = [
      { type: 3, name: "campaign", value: "panda" },
      { type: 3, name: "format", value: "trl" },
      { type: 5, name: "include_ai", value: true },
      { type: 3, name: "options", value: '--min-agreement 2/3 --since "2026-11-01"' },
    ];
    const ours = { ...raw, data: { ...raw.data, name: "pairwise", options: [{ type: 1, name: "export", options }] } };
    const event = parseChatInput(ours, async () => Buffer.alloc(0));
    expect(event).toMatchObject({ subcommand: "export", args: ["panda", "trl", "--include-ai", "--min-agreement", "2/3", "--since", "2026-11-01"] });
    const exportCommand = pairwiseCommand().options?.find((o) => o.name === "export") as { options?: { name: string }[] } | undefined;
    expect(exportCommand?.options?.map((o) => o.name)).toContain("options");
  });

  it("registers a /pairwise command Discord accepts: names, descriptions, option counts and order, 4000 characters in all", () => {
    const registered = JSON.parse(JSON.stringify(pairwiseCommand())) as Record<string, unknown>;
    expect(validateCommand(registered)).toBeUndefined();
    // The validator refuses what Discord refuses: an option description of 101 characters.
    const broken = JSON.parse(JSON.stringify(registered)) as { options: { options?: { description: string }[] }[] };
    broken.options.find((o) => o.options?.length)!.options![0]!.description = "x".repeat(101);
    expect(JSON.stringify(validateCommand(broken as unknown as Record<string, unknown>))).toContain("Must be between 1 and 100 in length");
  });

  it("drops a button whose custom_id is not ours (fixture)", () => {
    expect(parseButton(body(fixture("interaction.button.legacy_message.docs.json")))).toBeUndefined();
  });

  it("reads modal values from Label and legacy action-row shapes (fixtures)", () => {
    const label = body(fixture("interaction.modal_submit.label_string_select.partial.docs.json"));
    expect(modalValues(label.data?.components)).toEqual({ favorite_bug: "butterfly" });
    const legacy = body(fixture("interaction.modal_submit.legacy_action_row.docs.json"));
    const values = modalValues(legacy.data?.components);
    expect(Object.keys(values).length).toBeGreaterThan(0);
  });
});

describe("Discord rendering within limits", () => {
  it("keeps two 20,000-character responses under 6000 embed characters, says what is left, adds full-text buttons", () => {
    const long = "y ".repeat(10_000);
    const m = renderMessage({
      text: "card",
      blocks: [
        { type: "header", text: "Campaign" },
        { type: "long_text", title: "Prompt", text: "Explain.", fullTextActionId: "pw1:f:1:prompt" },
        { type: "long_text", title: "Response 1", text: long, fullTextActionId: "pw1:f:1:1" },
        { type: "long_text", title: "Response 2", text: long, fullTextActionId: "pw1:f:1:2" },
        {
          type: "actions",
          buttons: ["1", "2", "tie", "both_bad"].map((c) => ({ actionId: `pw1:v:1:${c}`, label: c })).concat([{ actionId: "pw1:s:1", label: "Skip" }]),
        },
      ],
    });
    const json = { embeds: m.embeds.map((e) => e.toJSON()), components: m.components.map((c) => c.toJSON()) };
    expect(validateMessage(json as unknown as Record<string, unknown>)).toBeUndefined();
    expect(JSON.stringify(json)).toContain("more characters not shown here");
    expect(JSON.stringify(json.components)).toContain("pw1:f:1:1");
  });

  it("builds a valid modal of at most five components, and a valid command definition", () => {
    const modal = renderModal({
      formId: "pw1:rf:1",
      title: "Your rationale",
      submitLabel: "Save",
      intro: "Say why.",
      fields: [
        { type: "text", id: "rationale", label: "Why?", multiline: true, required: false, maxLength: 3000 },
        { type: "select", id: "confidence", label: "Confidence", required: false, options: [{ value: "1", label: "1" }] },
        { type: "select", id: "difficulty", label: "Difficulty", required: false, options: [{ value: "easy", label: "Easy" }] },
        { type: "multi_select", id: "flags", label: "Flags", required: false, options: [{ value: "other", label: "Other" }] },
      ],
    }).toJSON();
    expect(validateModal(modal as unknown as Record<string, unknown>)).toBeUndefined();
    expect(modal.components).toHaveLength(5);
    const command = pairwiseCommand();
    expect(command.name).toBe("pairwise");
    expect(command.options?.map((o) => o.name)).toEqual(
      expect.arrayContaining([
        "next",
        "stats",
        "help",
        "campaigns",
        "open",
        "pause",
        "post",
        "calibrate",
        "adjudicate",
        "report",
        "export",
        "poll",
        "bakeoff",
        "import",
      ]),
    );
  });
});
