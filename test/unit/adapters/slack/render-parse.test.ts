import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { encodeAction } from "../../../../src/core/action-ids.js";
import { flattenViewState, parseBlockAction, parseSlashCommand } from "../../../../adapters/slack/parse.js";
import { renderMessage, renderModal } from "../../../../adapters/slack/render.js";
import { splitText, shareBudget } from "../../../../adapters/slack/long-text.js";
import { validateMessageBlocks, validateModal } from "../../../fakes/fake-slack/validate-blocks.js";

const fixture = (name: string) => JSON.parse(readFileSync(`test/fixtures/platform/slack/${name}`, "utf8")) as Record<string, unknown>;

describe("Slack parsing against Slack's documented payloads", () => {
  it("reads a slash command (fixture slash_command.docs.json) into a command event with quoted args", () => {
    const doc = fixture("slash_command.docs.json");
    const payload = (doc.payload ?? doc.body ?? doc) as Record<string, string>;
    const event = parseSlashCommand({ ...(payload as unknown as { team_id: string; user_id: string; channel_id: string }), text: 'poll "Which one?" "A b" c' });
    expect(event).toMatchObject({ kind: "command", subcommand: "poll", args: ["Which one?", "A b", "c"] });
    expect(event.user.workspaceId).toBe(payload.team_id);
  });

  it("drops block actions whose id is not ours and reads ours", () => {
    const doc = fixture("block_actions.message_button.docs.json");
    const payload = (doc.payload ?? doc) as Parameters<typeof parseBlockAction>[0];
    expect(parseBlockAction(payload)).toBeUndefined();
    const ours = { ...payload, actions: [{ action_id: encodeAction({ verb: "vote", assignmentId: 5, choice: "1" }) }] };
    expect(parseBlockAction(ours)?.action).toEqual({ verb: "vote", assignmentId: 5, choice: "1" });
  });

  it("flattens view state (fixture view_state.all_element_types.json)", () => {
    const doc = fixture("view_state.all_element_types.json");
    const values =
      ((doc.view as Record<string, unknown>)?.state as { values: Parameters<typeof flattenViewState>[0] } | undefined)?.values ??
      (doc.state as { values: Parameters<typeof flattenViewState>[0] } | undefined)?.values ??
      (doc.values as Parameters<typeof flattenViewState>[0]);
    const flat = flattenViewState(values);
    expect(Object.keys(flat).length).toBeGreaterThan(0);
    for (const v of Object.values(flat)) expect(typeof v === "string" || Array.isArray(v) || v === undefined).toBe(true);
  });
});

describe("Slack rendering within limits", () => {
  it("splits text at word boundaries and loses nothing", () => {
    const text = Array.from({ length: 3000 }, (_, i) => `word${i}`).join(" ");
    const chunks = splitText(text, 3000);
    expect(chunks.join("")).toBe(text);
    for (const c of chunks) expect(c.length).toBeLessThanOrEqual(3000);
    expect(shareBudget([100, 50_000, 50_000], 10_100)).toEqual([100, 5000, 5000]);
  });

  it("fits two 20,000-character responses into one valid message, stating what is left and offering the full text", () => {
    const long = "x ".repeat(10_000);
    const view = {
      text: "card",
      blocks: [
        { type: "header" as const, text: "Campaign" },
        { type: "long_text" as const, title: "Prompt", text: "Explain.", fullTextActionId: "pw1:f:1:prompt" },
        { type: "long_text" as const, title: "Response 1", text: long, fullTextActionId: "pw1:f:1:1" },
        { type: "long_text" as const, title: "Response 2", text: long, fullTextActionId: "pw1:f:1:2" },
        { type: "actions" as const, buttons: [{ actionId: "pw1:v:1:1", label: "Response 1" }] },
      ],
    };
    const { blocks } = renderMessage(view);
    expect(validateMessageBlocks(blocks)).toBeUndefined();
    const json = JSON.stringify(blocks);
    expect(json).toContain("more characters not shown here");
    expect(json).toContain("pw1:f:1:1");
    expect(json).toContain("pw1:f:1:2");
    expect(json).not.toContain("pw1:f:1:prompt"); // the short prompt is shown whole
  });

  it("renders a form as a valid modal whose block ids are the field ids", () => {
    const modal = renderModal(
      {
        formId: "pw1:rf:1",
        title: "A title that is far too long for Slack",
        submitLabel: "Save",
        fields: [
          { type: "text", id: "rationale", label: "Why?", multiline: true, required: true, maxLength: 9999 },
          { type: "select", id: "confidence", label: "Confidence", required: false, options: [{ value: "1", label: "1" }], initial: "1" },
          { type: "multi_select", id: "flags", label: "Flags", required: false, options: [{ value: "a", label: "A" }] },
        ],
      },
      "{}",
    );
    expect(validateModal(modal as unknown as Record<string, unknown>)).toBeUndefined();
    expect(modal.blocks.map((b) => ("block_id" in b ? b.block_id : undefined))).toEqual(["rationale", "confidence", "flags"]);
  });
});
