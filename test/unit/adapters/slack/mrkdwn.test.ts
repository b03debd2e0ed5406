import { describe, expect, it } from "vitest";
import { fittingPrefix, markdownToMrkdwn, splitMrkdwn } from "../../../../adapters/slack/mrkdwn.js";
import { renderMessage } from "../../../../adapters/slack/render.js";
import { splitText } from "../../../../adapters/slack/long-text.js";
import { validateMessageBlocks } from "../../../fakes/fake-slack/validate-blocks.js";
import type { MessageView } from "../../../../src/core/views.js";

type Json = Record<string, unknown>;
const card = (...texts: string[]): MessageView => ({
  text: "card",
  blocks: [
    { type: "header", text: "Campaign" },
    ...texts.map((text, i) => ({ type: "long_text" as const, title: `Response ${i + 1}`, text, fullTextActionId: `pw1:f:1:${i + 1}` })),
  ],
});
const bodies = (view: MessageView) =>
  (renderMessage(view).blocks as unknown as Json[]).filter((b) => b.type === "section" && (b.text as Json).verbatim === true).map((b) => b.text as Json);

describe("model text as Slack mrkdwn", () => {
  it("converts Markdown where Slack's dialect differs, and keeps code as written", () => {
    const md = [
      "# Steps",
      "Use **bold**, *italic*, ~~old~~ and [the docs](https://example.com/a?b=1).",
      "- one",
      "  * two",
      "1. first",
      "> quoted",
      "```python",
      "if a < b and c > d: print(a & b)  # **not bold**",
      "```",
      "Inline `x**2**` stays.",
    ].join("\n");
    expect(markdownToMrkdwn(md)).toBe(
      [
        "*Steps*",
        "Use *bold*, _italic_, ~old~ and <https://example.com/a?b=1|the docs>.",
        "• one",
        "  • two",
        "1. first",
        "> quoted",
        "```",
        "if a &lt; b and c &gt; d: print(a &amp; b)  # **not bold**",
        "```",
        "Inline `x**2**` stays.",
      ].join("\n"),
    );
  });

  it("escapes &, < and > so nothing in a response pings or becomes a link, and sends it verbatim", () => {
    const [body] = bodies(card("Hey <!channel> and <!here|here>, ping <@U123> in <#C1> & @channel <https://evil.example|click>"));
    expect(body!.type).toBe("mrkdwn");
    expect(body!.verbatim).toBe(true);
    expect(body!.text).toBe("Hey &lt;!channel&gt; and &lt;!here|here&gt;, ping &lt;@U123&gt; in &lt;#C1&gt; &amp; @channel &lt;https://evil.example|click&gt;");
    expect(String(body!.text)).not.toMatch(/<[!@#]/);
  });

  it("counts the budget after escaping: a text of '<' that grows fourfold still fits one valid message and says what is left", () => {
    const angry = "<".repeat(6000);
    const view = card(angry, angry);
    const { blocks } = renderMessage(view);
    expect(validateMessageBlocks(blocks)).toBeUndefined();
    for (const b of blocks as unknown as Json[]) if (b.type === "section") expect(String((b.text as Json).text).length).toBeLessThanOrEqual(3000);
    const shown = bodies(view).map((b) => String(b.text).split("&lt;").length - 1);
    const json = JSON.stringify(blocks);
    const left = [...json.matchAll(/continues: ([\d,]+) more characters/g)].map((m) => Number(m[1]!.replace(/,/g, "")));
    expect(left).toHaveLength(2);
    // What is shown and what is said to be left add up to the text, in its own characters.
    expect(shown.reduce((a, b) => a + b, 0) + left.reduce((a, b) => a + b, 0)).toBe(12_000);
    expect(json).toContain("pw1:f:1:1");
  });

  it("a long code block split across sections closes and reopens its fence in each", () => {
    const code = "```js\n" + Array.from({ length: 400 }, (_, i) => `const v${i} = ${i}; // line ${i}`).join("\n") + "\n```";
    const chunks = splitMrkdwn(markdownToMrkdwn(code), 3000, splitText);
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) {
      expect(c.length).toBeLessThanOrEqual(3000);
      expect((c.match(/^```/gm) ?? []).length % 2).toBe(0);
    }
    const view = bodies(card(code));
    for (const b of view) expect((String(b.text).match(/^```/gm) ?? []).length % 2).toBe(0);
  });

  it("cuts a text where its mrkdwn fits, at a word break", () => {
    const text = "alpha beta gamma delta ".repeat(100);
    const cut = fittingPrefix(text, 500);
    expect(markdownToMrkdwn(text.slice(0, cut)).length).toBeLessThanOrEqual(500);
    expect(text[cut - 1]).toBe(" ");
    expect(cut).toBeGreaterThan(450);
  });
});
