import { SCREEN_CHOICES, type ScreenChoice } from "../domain/choice.js";
import { PairwiseError } from "../errors.js";

/**
 * Every id the bot puts on a button or a form, encoded and decoded only here.
 *
 * Format: `pw1:<verb>:<field>:<field>…`. Ids are positive integers in base 36 to stay short; the
 * whole id is at most 100 characters (Discord's `custom_id` limit; Slack allows 255). An id only
 * says what was clicked: services check that the clicking user may act on it.
 */
export type Action =
  /** A vote on a queue assignment, in screen terms. */
  | { verb: "vote"; assignmentId: number; choice: ScreenChoice }
  | { verb: "skip"; assignmentId: number }
  /**
   * Ask for the next item of a campaign (0: any active campaign). `after`: the assignment whose
   * voted card holds the button; that card stays as a record of the vote, and the next item comes
   * as a new message.
   */
  | { verb: "next"; campaignId: number; after?: number }
  /** Open the rationale form for a recorded vote. */
  | { verb: "rationale"; assignmentId: number }
  /** Show the full text of a part of an assignment's card. */
  | { verb: "full_text"; assignmentId: number; part: TextPart }
  /** The rationale form; `choice` is set when the vote is recorded on submit (rationale required). */
  | { verb: "rationale_form"; assignmentId: number; choice?: ScreenChoice }
  /** Open page `page` (0-based) of the rubric scores, when they don't fit in the main form. */
  | { verb: "rubric"; assignmentId: number; page: number }
  /** A page of rubric scores. */
  | { verb: "rubric_form"; assignmentId: number; page: number }
  /** Reopen a form after validation errors (Discord), keeping the typed text server-side. */
  | { verb: "reopen_form"; assignmentId: number; draftId: number }
  /** A vote on a channel post, where everyone votes on one message. */
  | { verb: "channel_vote"; postId: number; choice: ScreenChoice }
  | { verb: "channel_full_text"; postId: number; part: TextPart }
  /** Poll buttons and forms. */
  | { verb: "poll_vote"; pollId: number; option: number }
  | { verb: "poll_close"; pollId: number }
  | { verb: "poll_form" }
  /** Calibration rounds and reviews. */
  | { verb: "calibration_start"; roundId: number }
  | { verb: "review"; reviewId: number; verdict: "agree" | "disagree" }
  | { verb: "review_form"; reviewId: number; verdict: "agree" | "disagree" }
  | { verb: "adjudicate"; comparisonId: number; choice: ScreenChoice | "skip" }
  | { verb: "adjudicate_form"; comparisonId: number; choice: ScreenChoice }
  /** Start a lead's review of the pairs where the AI judge disagrees with a confident human majority (the judge report's button). */
  | { verb: "judge_review"; campaignId: number }
  /** A lead's decision on one of those pairs: the humans' answer, the judge's, or neither for now. */
  | { verb: "judge_decide"; comparisonId: number; side: JudgeReviewSide }
  /** Show a campaign's current guidelines and rubric privately (every comparison card has it). */
  | { verb: "guidelines"; campaignId: number }
  /** The guidelines and rubric in full, as a file (the "full text" path when they are long). */
  | { verb: "guidelines_full"; campaignId: number }
  /**
   * A bake-off's leaderboard, privately (the button on its announcement, which also marks the
   * announcement as the bake-off's when the bot reads its channel back after a crash).
   */
  | { verb: "bakeoff_board"; campaignId: number };

export type TextPart = "prompt" | "1" | "2";
/** Which side a lead takes on a pair where the AI judge and the humans disagree. */
export type JudgeReviewSide = "humans" | "judge" | "skip";
const JUDGE_REVIEW_SIDES: readonly JudgeReviewSide[] = ["humans", "judge", "skip"];
export type ActionVerb = Action["verb"];

const PREFIX = "pw1";
export const MAX_ACTION_ID_LENGTH = 100;

/** Short wire codes; stable once released, since old messages keep their buttons. */
const CODES: Record<ActionVerb, string> = {
  vote: "v",
  skip: "s",
  next: "n",
  rationale: "r",
  full_text: "f",
  rationale_form: "rf",
  rubric: "ru",
  rubric_form: "rb",
  reopen_form: "ro",
  channel_vote: "cv",
  channel_full_text: "cf",
  poll_vote: "pv",
  poll_close: "pc",
  poll_form: "pf",
  calibration_start: "cs",
  review: "pr",
  review_form: "prf",
  adjudicate: "aj",
  adjudicate_form: "ajf",
  guidelines: "gl",
  guidelines_full: "glf",
  judge_review: "jr",
  judge_decide: "jd",
  bakeoff_board: "bb",
};
/** Every verb, for tests that check coverage. */
export const ACTION_VERBS = Object.keys(CODES) as ActionVerb[];
const VERBS = new Map(Object.entries(CODES).map(([verb, code]) => [code, verb as ActionVerb]));

const id = (n: number): string => {
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`action id field must be a non-negative integer, got ${n}`);
  return n.toString(36);
};

/** Encodes an action as a button or form id of at most 100 characters. */
export function encodeAction(action: Action): string {
  const parts: string[] = [PREFIX, CODES[action.verb]];
  switch (action.verb) {
    case "vote":
      parts.push(id(action.assignmentId), action.choice);
      break;
    case "skip":
    case "rationale":
      parts.push(id(action.assignmentId));
      break;
    case "rubric":
    case "rubric_form":
      parts.push(id(action.assignmentId), id(action.page));
      break;
    case "next":
      parts.push(id(action.campaignId));
      if (action.after !== undefined) parts.push(id(action.after));
      break;
    case "guidelines":
    case "guidelines_full":
    case "judge_review":
    case "bakeoff_board":
      parts.push(id(action.campaignId));
      break;
    case "judge_decide":
      parts.push(id(action.comparisonId), action.side);
      break;
    case "full_text":
      parts.push(id(action.assignmentId), action.part);
      break;
    case "rationale_form":
      parts.push(id(action.assignmentId));
      if (action.choice) parts.push(action.choice);
      break;
    case "reopen_form":
      parts.push(id(action.assignmentId), id(action.draftId));
      break;
    case "channel_vote":
      parts.push(id(action.postId), action.choice);
      break;
    case "channel_full_text":
      parts.push(id(action.postId), action.part);
      break;
    case "poll_vote":
      parts.push(id(action.pollId), id(action.option));
      break;
    case "poll_close":
      parts.push(id(action.pollId));
      break;
    case "poll_form":
      break;
    case "calibration_start":
      parts.push(id(action.roundId));
      break;
    case "review":
    case "review_form":
      parts.push(id(action.reviewId), action.verdict);
      break;
    case "adjudicate":
    case "adjudicate_form":
      parts.push(id(action.comparisonId), action.choice);
      break;
  }
  const encoded = parts.join(":");
  if (encoded.length > MAX_ACTION_ID_LENGTH) throw new Error(`action id too long (${encoded.length}): ${encoded}`);
  return encoded;
}

/** The fields that name what an action is about; each verb carries at most one of them, as its first field. */
const SUBJECT_FIELDS = ["assignmentId", "campaignId", "postId", "pollId", "roundId", "reviewId", "comparisonId"] as const;

/**
 * The id of the thing an action is about (an assignment, a review, a comparison, …), or undefined
 * when it names none (`poll_form`). Adapters use it to carry that id over to a derived button.
 */
export function actionSubject(action: Action): number | undefined {
  for (const field of SUBJECT_FIELDS) if (field in action) return (action as unknown as Record<string, number>)[field];
  return undefined;
}

// Canonical base 36 only: no leading zeros, so each id has exactly one spelling (a tampered
// "0a" is refused rather than read as the id 10).
const INT = /^(0|[1-9a-z][0-9a-z]{0,10})$/;

function invalid(raw: string, why: string): PairwiseError {
  return new PairwiseError("VALIDATION", `This button is not one Pairwise made (${why}). Use the latest message.`, {
    fieldErrors: { actionId: raw.slice(0, 120) },
  });
}

/**
 * Decodes an id made by {@link encodeAction}. Anything else (tampered, truncated, from another
 * app, from an older format) throws a `VALIDATION` error; nothing is half-parsed.
 */
export function parseAction(raw: string): Action {
  if (typeof raw !== "string" || raw.length === 0 || raw.length > MAX_ACTION_ID_LENGTH) throw invalid(String(raw), "bad length");
  const parts = raw.split(":");
  if (parts[0] !== PREFIX) throw invalid(raw, "unknown prefix");
  const verb = VERBS.get(parts[1] ?? "");
  if (!verb) throw invalid(raw, "unknown action");
  const fields = parts.slice(2);
  const int = (i: number): number => {
    const value = fields[i];
    if (value === undefined || !INT.test(value)) throw invalid(raw, `field ${i + 1} is not an id`);
    const n = Number.parseInt(value, 36);
    if (!Number.isSafeInteger(n)) throw invalid(raw, `field ${i + 1} is out of range`);
    return n;
  };
  const count = (...allowed: number[]): void => {
    if (!allowed.includes(fields.length)) throw invalid(raw, "wrong number of fields");
  };
  const choice = (i: number): ScreenChoice => {
    const value = fields[i];
    if (!(SCREEN_CHOICES as readonly string[]).includes(value ?? "")) throw invalid(raw, "unknown choice");
    return value as ScreenChoice;
  };
  const part = (i: number): TextPart => {
    const value = fields[i];
    if (value !== "prompt" && value !== "1" && value !== "2") throw invalid(raw, "unknown text part");
    return value;
  };
  const verdict = (i: number): "agree" | "disagree" => {
    const value = fields[i];
    if (value !== "agree" && value !== "disagree") throw invalid(raw, "unknown verdict");
    return value;
  };
  switch (verb) {
    case "vote":
      count(2);
      return { verb, assignmentId: int(0), choice: choice(1) };
    case "skip":
    case "rationale":
      count(1);
      return { verb, assignmentId: int(0) };
    case "rubric":
    case "rubric_form":
      count(2);
      return { verb, assignmentId: int(0), page: int(1) };
    case "next":
      count(1, 2);
      return fields.length === 2 ? { verb, campaignId: int(0), after: int(1) } : { verb, campaignId: int(0) };
    case "guidelines":
    case "guidelines_full":
    case "judge_review":
    case "bakeoff_board":
      count(1);
      return { verb, campaignId: int(0) };
    case "judge_decide": {
      count(2);
      const side = fields[1] as JudgeReviewSide;
      if (!JUDGE_REVIEW_SIDES.includes(side)) throw invalid(raw, "unknown side");
      return { verb, comparisonId: int(0), side };
    }
    case "full_text":
      count(2);
      return { verb, assignmentId: int(0), part: part(1) };
    case "rationale_form":
      count(1, 2);
      return fields.length === 2 ? { verb, assignmentId: int(0), choice: choice(1) } : { verb, assignmentId: int(0) };
    case "reopen_form":
      count(2);
      return { verb, assignmentId: int(0), draftId: int(1) };
    case "channel_vote":
      count(2);
      return { verb, postId: int(0), choice: choice(1) };
    case "channel_full_text":
      count(2);
      return { verb, postId: int(0), part: part(1) };
    case "poll_vote":
      count(2);
      return { verb, pollId: int(0), option: int(1) };
    case "poll_close":
      count(1);
      return { verb, pollId: int(0) };
    case "poll_form":
      count(0);
      return { verb };
    case "calibration_start":
      count(1);
      return { verb, roundId: int(0) };
    case "review":
    case "review_form":
      count(2);
      return { verb, reviewId: int(0), verdict: verdict(1) };
    case "adjudicate": {
      count(2);
      const value = fields[1];
      return { verb, comparisonId: int(0), choice: value === "skip" ? "skip" : choice(1) };
    }
    case "adjudicate_form":
      count(2);
      return { verb, comparisonId: int(0), choice: choice(1) };
  }
}

/** Like {@link parseAction} but returns undefined instead of throwing, for adapters that drop foreign ids. */
export function tryParseAction(raw: string): Action | undefined {
  try {
    return parseAction(raw);
  } catch {
    return undefined;
  }
}
