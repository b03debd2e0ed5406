import { describe, expect, it } from "vitest";
import { toDiscordMarkdown } from "../../../../adapters/discord/markdown.js";
import { renderMessage } from "../../../../adapters/discord/render.js";

describe("core emphasis in Discord's Markdown", () => {
  it("doubles Slack-style bold, and leaves what already means the same alone", () => {
    expect(toDiscordMarkdown("*You chose: Response 1*")).toBe("**You chose: Response 1**");
    expect(toDiscordMarkdown("Open until *2026-01-07 09:00 UTC*. Passing keeps you qualified.")).toBe(
      "Open until **2026-01-07 09:00 UTC**. Passing keeps you qualified.",
    );
    expect(toDiscordMarkdown("Response 1: *2*\nResponse 2: *1*")).toBe("Response 1: **2**\nResponse 2: **1**");
    for (const same of ["**already bold**", "_italic_", "2 * 3 * 4", "a*b*c", "`/pairwise next`", "• a list item", "* not closed"])
      expect(toDiscordMarkdown(same)).toBe(same);
  });

  it("applies to core text blocks, never to the texts being labeled", () => {
    const m = renderMessage({
      text: "card",
      blocks: [
        { type: "text", text: "*Changed to: Tie*" },
        { type: "long_text", title: "Response 1", text: "Use *args and **kwargs here*." },
      ],
    });
    const [head, response] = m.embeds.map((e) => e.toJSON());
    expect(head!.description).toBe("**Changed to: Tie**");
    expect(response!.description).toBe("Use *args and **kwargs here*.");
  });
});
