import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { createTerminalAdapter } from "../../../../adapters/terminal/index.js";
import { noColor } from "../../../../src/no-color.js";

const SGR = /\x1b\[[0-9;]*m/; // colour and weight: what NO_COLOR turns off

async function firstScreen(color: boolean): Promise<string> {
  const input = new PassThrough();
  const output = new PassThrough();
  let text = "";
  output.on("data", (d: Buffer) => (text += d.toString()));
  const terminal = createTerminalAdapter({
    input,
    output,
    user: { platform: "terminal", workspaceId: "local", userId: "me" },
    interactive: true,
    color,
    filesDir: "/tmp",
  });
  await terminal.start(async () => ({
    kind: "private",
    view: {
      text: "hi",
      blocks: [
        { type: "header", text: "A card" },
        { type: "context", text: "small print" },
      ],
    },
  }));
  input.end();
  await terminal.done;
  return text;
}

describe("NO_COLOR (https://no-color.org)", () => {
  it("is on when NO_COLOR is present and not empty", () => {
    expect(noColor({ NO_COLOR: "1" })).toBe(true);
    expect(noColor({ NO_COLOR: "" })).toBe(false);
    expect(noColor({})).toBe(false);
  });

  it("keeps the interactive playground free of colour codes", async () => {
    expect(await firstScreen(true)).toMatch(SGR);
    const plain = await firstScreen(false);
    expect(plain).toContain("Pairwise playground");
    expect(plain).not.toMatch(SGR);
  });
});
