import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encodeAction, parseAction, tryParseAction, type Action } from "../../src/core/action-ids.js";
import { isPairwiseError } from "../../src/errors.js";

const id = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });
const choice = fc.constantFrom("1" as const, "2" as const, "tie" as const, "both_bad" as const);
const part = fc.constantFrom("prompt" as const, "1" as const, "2" as const);
const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ verb: fc.constant("vote" as const), assignmentId: id, choice }),
  fc.record({ verb: fc.constant("skip" as const), assignmentId: id }),
  fc.record({ verb: fc.constant("next" as const), campaignId: id }),
  fc.record({ verb: fc.constant("full_text" as const), assignmentId: id, part }),
  fc.record({ verb: fc.constant("rubric" as const), assignmentId: id, page: id }),
  fc.record({ verb: fc.constant("channel_vote" as const), postId: id, choice }),
  fc.record({ verb: fc.constant("poll_vote" as const), pollId: id, option: id }),
  fc.record({ verb: fc.constant("reopen_form" as const), assignmentId: id, draftId: id }),
);

describe("action ids under random input", () => {
  it("round-trip every well-formed action within 100 characters", () => {
    fc.assert(
      fc.property(action, (a) => {
        const encoded = encodeAction(a);
        expect(encoded.length).toBeLessThanOrEqual(100);
        expect(parseAction(encoded)).toEqual(a);
      }),
      { numRuns: 2000 },
    );
  });

  it("either decode to a valid action or fail with a clear VALIDATION error: never crash, never half-parse", () => {
    const junk = fc.oneof(
      fc.string({ unit: "binary", maxLength: 300 }),
      fc.string({ unit: "grapheme", maxLength: 120 }),
      action.map((a) => encodeAction(a)).chain((s) => fc.nat({ max: s.length }).map((cut) => s.slice(0, cut))),
      action.map((a) => encodeAction(a)).chain((s) => fc.string({ maxLength: 10 }).map((extra) => `${s}${extra}`)),
      action.map((a) => encodeAction(a).replace(/:\w+$/, ":'; DROP TABLE judgments; --")),
    );
    fc.assert(
      fc.property(junk, (raw) => {
        try {
          const parsed = parseAction(raw);
          // Anything accepted must be exactly what its canonical encoding says.
          expect(encodeAction(parsed)).toBe(raw);
        } catch (error) {
          expect(isPairwiseError(error) && error.code === "VALIDATION").toBe(true);
          expect(tryParseAction(raw)).toBeUndefined();
        }
      }),
      { numRuns: 5000 },
    );
  });
});
