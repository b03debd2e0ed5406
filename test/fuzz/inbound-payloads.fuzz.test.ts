import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { modalValues, parseButton, parseChatInput, parseModalSubmit, type RawInteraction } from "../../adapters/discord/parse.js";
import { flattenViewState, parseBlockAction, parseSlashCommand, parseViewSubmission } from "../../adapters/slack/parse.js";
import { parseTerminalLine } from "../../adapters/terminal/parse.js";
import { isPairwiseError } from "../../src/errors.js";
import { generateKeyPairSync, sign } from "node:crypto";
import { REST } from "discord.js";
import { InteractionsEndpoint } from "../../adapters/discord/interactions-endpoint.js";
import { FormDrafts } from "../../adapters/discord/reply.js";
import { HttpResponder } from "../../adapters/discord/responder.js";
import { serveInteraction } from "../../adapters/discord/serve-interaction.js";
import { discordPublicKey, verifyDiscordRequest } from "../../adapters/discord/signed-request.js";
import { ExpiringKeys } from "../../src/core/seen-requests.js";
import { silentLogger } from "../../src/logger.js";

const text = fc.oneof(
  fc.string({ unit: "binary", maxLength: 200 }),
  fc.string({ unit: "grapheme", maxLength: 60 }),
  fc.constantFrom("pw1:v:1:1", "pw1:v:zz:9", "'; DROP TABLE judgments; --", "\u0000", "\u202e", "“quoted”", '"unclosed'),
);
const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    text,
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 3 }),
    fc.dictionary(text, tie("value"), { maxKeys: 3 }),
  ),
})).value;

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
        tolerated(() =>
          parseViewSubmission({
            type: "view_submission",
            user: { id: "U1" },
            view: { callback_id: callbackId, private_metadata: commandText, state: { values: {} } },
          }),
        );
        tolerated(() => flattenViewState((state && typeof state === "object" && !Array.isArray(state) ? state : {}) as Parameters<typeof flattenViewState>[0]));
      }),
      { numRuns: 1500 },
    );
  });

  it("Discord: chat input, buttons and modal submits with arbitrary data", () => {
    fc.assert(
      fc.property(text, json, json, (customId, options, components) => {
        const base: RawInteraction = {
          id: "1",
          type: 3,
          guild_id: "G",
          channel_id: "C",
          member: { user: { id: "U", username: "u" }, permissions: "not-a-number" },
        };
        tolerated(() => parseButton({ ...base, data: { custom_id: customId } }));
        tolerated(() =>
          parseModalSubmit({ ...base, type: 5, data: { custom_id: customId, components: (Array.isArray(components) ? components : []) as never } }),
        );
        tolerated(() => modalValues((Array.isArray(components) ? components : []) as never));
        tolerated(() =>
          parseChatInput({ ...base, type: 2, data: { name: "pairwise", options: (Array.isArray(options) ? options : []) as never } }, async () =>
            Buffer.alloc(0),
          ),
        );
      }),
      { numRuns: 1500 },
    );
  });

  it("Discord Interactions Endpoint: any headers and body are refused unless signed by the key, and never throw", () => {
    const { publicKey, privateKey } = generateKeyPairSync("ed25519");
    const key = discordPublicKey(Buffer.from((publicKey.export({ format: "jwk" }) as { x: string }).x, "base64url").toString("hex"));
    const now = 1_780_000_000_000;
    fc.assert(
      fc.property(text, text, fc.uint8Array({ maxLength: 300 }), fc.boolean(), (signature, timestamp, body, signIt) => {
        const headers = signIt
          ? { "x-signature-ed25519": sign(null, Buffer.concat([Buffer.from(timestamp), body]), privateKey).toString("hex"), "x-signature-timestamp": timestamp }
          : { "x-signature-ed25519": signature, "x-signature-timestamp": timestamp };
        const verdict = verifyDiscordRequest(headers, Buffer.from(body), key, now);
        // Signed, it passes only with a timestamp in the window; unsigned (random text), never.
        if (verdict.kind === "signed") expect(signIt && Math.abs(Number(timestamp) - now / 1000) <= 300).toBe(true);
      }),
      { numRuns: 1500 },
    );
  });

  it("Discord Interactions Endpoint: any correctly signed JSON gets an HTTP answer (200, 400, 500; 401 for a repeat), never a hang or a crash", async () => {
    const { publicKey, privateKey } = generateKeyPairSync("ed25519");
    const hex = Buffer.from((publicKey.export({ format: "jwk" }) as { x: string }).x, "base64url").toString("hex");
    // No REST call can leave this process: the client points at a closed local port.
    const rest = new REST({ api: "http://127.0.0.1:9/api", retries: 0 }).setToken("unused");
    const deps = { handler: async () => ({ kind: "none" as const }), drafts: new FormDrafts(), logger: silentLogger(), download: async () => Buffer.alloc(0) };
    const endpoint = new InteractionsEndpoint({
      publicKey: discordPublicKey(hex),
      seenRequests: new ExpiringKeys(),
      logger: silentLogger(),
      responder: (raw) => new HttpResponder({ type: raw.type, token: String(raw.token), ...(raw.message ? { message: raw.message } : {}) }, rest, "1"),
      serve: (raw, responder) => serveInteraction(raw, responder, deps),
    });
    await endpoint.start(0, "127.0.0.1");
    const interaction = fc.record(
      {
        id: fc.oneof(fc.string(), fc.integer()),
        type: fc.oneof(fc.integer({ min: 1, max: 6 }), json),
        token: fc.oneof(fc.string(), json),
        member: json,
        user: json,
        data: json,
        message: json,
      },
      { requiredKeys: [] },
    );
    try {
      await fc.assert(
        fc.asyncProperty(fc.oneof(interaction, json), async (payload) => {
          const body = JSON.stringify(payload) ?? "null";
          const timestamp = String(Math.floor(Date.now() / 1000));
          const res = await fetch(`http://127.0.0.1:${endpoint.port}/discord/interactions`, {
            method: "POST",
            headers: {
              "content-type": "application/json",
              "x-signature-ed25519": sign(null, Buffer.from(timestamp + body), privateKey).toString("hex"),
              "x-signature-timestamp": timestamp,
            },
            body,
          });
          await res.arrayBuffer();
          expect([200, 400, 401, 500]).toContain(res.status);
        }),
        { numRuns: 200 },
      );
    } finally {
      await endpoint.stop();
    }
  });

  it("terminal: any typed line", () => {
    fc.assert(
      fc.property(text, (line) => tolerated(() => parseTerminalLine(line))),
      { numRuns: 1500 },
    );
  });
});
