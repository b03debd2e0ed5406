import { describe, expect, it } from "vitest";
import { ACTION_VERBS, actionSubject, encodeAction, MAX_ACTION_ID_LENGTH, parseAction, tryParseAction, type Action } from "../../../src/core/action-ids.js";

const BIG = Number.MAX_SAFE_INTEGER;
const CASES: Action[] = [
  { verb: "vote", assignmentId: 1, choice: "1" },
  { verb: "vote", assignmentId: BIG, choice: "both_bad" },
  { verb: "skip", assignmentId: 42 },
  { verb: "next", campaignId: 0 },
  { verb: "rationale", assignmentId: 7 },
  { verb: "rubric", assignmentId: 7, page: 2 },
  { verb: "rubric_form", assignmentId: 7, page: 0 },
  { verb: "full_text", assignmentId: 9, part: "prompt" },
  { verb: "rationale_form", assignmentId: 9 },
  { verb: "rationale_form", assignmentId: 9, choice: "tie" },
  { verb: "reopen_form", assignmentId: BIG, draftId: BIG },
  { verb: "channel_vote", postId: 3, choice: "2" },
  { verb: "channel_full_text", postId: 3, part: "1" },
  { verb: "poll_vote", pollId: 5, option: 9 },
  { verb: "poll_close", pollId: 5 },
  { verb: "poll_form" },
  { verb: "calibration_start", roundId: 11 },
  { verb: "review", reviewId: 4, verdict: "disagree" },
  { verb: "review_form", reviewId: 4, verdict: "agree" },
  { verb: "adjudicate", comparisonId: 8, choice: "skip" },
  { verb: "adjudicate_form", comparisonId: 8, choice: "1" },
  { verb: "guidelines", campaignId: 12 },
  { verb: "guidelines_full", campaignId: BIG },
  { verb: "judge_review", campaignId: 13 },
  { verb: "judge_decide", comparisonId: 14, side: "humans" },
  { verb: "judge_decide", comparisonId: BIG, side: "skip" },
  { verb: "bakeoff_board", campaignId: 21 },
];

describe("action ids", () => {
  it.each(CASES)("round-trips %j within 100 characters", (action) => {
    const encoded = encodeAction(action);
    expect(encoded.length).toBeLessThanOrEqual(MAX_ACTION_ID_LENGTH);
    expect(parseAction(encoded)).toEqual(action);
  });

  it("covers every verb", () => {
    expect(new Set(CASES.map((c) => c.verb))).toEqual(new Set(ACTION_VERBS));
  });

  it.each([
    "",
    "vote:1:1",
    "pw2:v:1:1",
    "pw1:zz:1",
    "pw1:v:1",
    "pw1:v:1:3",
    "pw1:v:-1:1",
    "pw1:v:1:1:extra",
    "pw1:v:ZZ:1",
    "pw1:v:1;DROP TABLE judgments:1",
    "pw1:f:1:3",
    "pw1:v:zzzzzzzzzzzzzzzz:1",
    `pw1:v:${"1".repeat(200)}:1`,
    // Found by the fuzz test: a leading zero is a second spelling of the same id.
    "pw1:s:0a",
    "pw1:v:00:1",
    "pw1:jd:1:everyone",
    "pw1:jr:1:2",
  ])("refuses the tampered id %j with a clear error", (raw) => {
    expect(() => parseAction(raw)).toThrow(/not one Pairwise made/);
    expect(tryParseAction(raw)).toBeUndefined();
  });

  it("refuses to encode what it could not decode", () => {
    expect(() => encodeAction({ verb: "skip", assignmentId: -1 })).toThrow();
    expect(() => encodeAction({ verb: "skip", assignmentId: 1.5 })).toThrow();
  });
});

describe("an action's subject", () => {
  // What Discord's reopen button carried over before it used this: the id's first field, in base 36.
  const firstField = (encoded: string): number | undefined => {
    const field = encoded.split(":")[2];
    return field === undefined ? undefined : Number.parseInt(field, 36);
  };

  it.each(CASES)("is the first field of %j", (action) => {
    expect(actionSubject(action)).toBe(firstField(encodeAction(action)));
  });
});
