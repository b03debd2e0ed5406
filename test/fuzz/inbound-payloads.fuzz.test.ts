import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { modalValues, parseButton, parseChatInput, parseModalSubmit, type RawInteraction } from "../../adapters/discord/parse.js";
import { flattenViewState, parseBlockAction, parseSlashCommand, parseViewSubmission } from "../../adapters/slack/parse.js";
import { parseTerminalLine } from "../../adapters/terminal/parse.js";
import { isPairwiseError } from "../../src/errors.js";

const text = fc.oneof(fc.string({ unit: "binary", maxLength: 200 }), fc.string({ unit: "grapheme", maxLength: 60 }), fc.constantFrom("pw1:v:1:1", "pw1:v:zz:9", "'; DROP TABLE judgments; --", "\u0000", "\u202e", "“quoted”", '"unclosed'));
const json = fc.letrec((tie) => ({ value: fc.oneof({ depthSize: "small" }, text, fc.integer(), fc.boolean(), fc.constant(null), fc.array(tie("value"), { maxLength: 3 }), fc.dictionary(text, tie("value"), { maxKeys: 3 })) })).value;

/** A parser may return an event, return undefined, or refuse with a clear VALIDATION error; nothing else. */
function tolerated(run: () => unknown): void {
  try {
    run();
  } catch (error) {
    expect(isPairwiseError(error) && error.code === "VALIDATION").toBe(true);
  }
}

describe("inbound payload parsers under random and malformed input", () => {
  it("Slack: slash commands with any text, block actions and view submissions with any ids", () => {
    fc.assert(
      fc.property(text, text, text, json, (commandText, actionId, callbackId, state) => {
        const event = parseSlashCommand({ text: commandText, user_id: "U1", team_id: "T1", channel_id: "C1" });
        expect(event.kind).toBe("command");
        tolerated(() => parseBlockAction({ type: "block_actions", user: { id: "U1" }, actions: [{ action_id: actionId }] }));
        tolerated(() => parseViewSubmission({ type: "view_submission", user: { id: "U1" }, view: { callback_id: callbackId, private_metadata: commandText, state: { values: {} } } }));
        tolerated(() => flattenViewState((state && typeof state === "object" && !Array.isArray(state) ? state : {}) as Parameters<typeof flattenViewState>[0]));
      }),
      { numRuns: 1500 },
    );
  });

  it("Discord: chat input, buttons and modal submits with arbitrary data", () => {
    fc.assert(
      fc.property(text, json, json, (customId, options, components) => {
        const base: RawInteraction = { id: "1", type: 3, guild_id: "G", channel_id: "C", member: { user: { id: "U", username: "u" }, permissions: "not-a-number" } };
        tolerated(() => parseButton({ ...base, data: { custom_id: customId } }));
        tolerated(() => parseModalSubmit({ ...base, type: 5, data: { custom_id: customId, components: (Array.isArray(components) ? components : []) as never } }));
        tolerated(() => modalValues((Array.isArray(components) ? components : []) as never));
        tolerated(() => parseChatInput({ ...base, type: 2, data: { name: "pairwise", options: (Array.isArray(options) ? options : []) as never } }, async () => Buffer.alloc(0)));
      }),
      { numRuns: 1500 },
    );
  });

  it("terminal: any typed line", () => {
    fc.assert(fc.property(text, (line) => tolerated(() => parseTerminalLine(line))), { numRuns: 1500 });
  });
});
