import { type FormValues, type ScreenChoice, splitCommandLine } from "../../src/core/port.js";
import { PairwiseError } from "../../src/errors.js";

/** A line the user typed, understood. */
export type TerminalInput =
  | { kind: "vote"; choice: ScreenChoice }
  | { kind: "skip" }
  | { kind: "next"; campaign?: string }
  | { kind: "why"; values: FormValues }
  | { kind: "full"; part: "prompt" | "1" | "2" }
  /** The guidelines of the campaign on screen (or the one named). */
  | { kind: "guidelines"; campaign?: string }
  /** A vote on a poll: `poll vote <poll number> <option number>` (options counted from 1). */
  | { kind: "poll_vote"; pollId: number; option: number }
  /** Add the bundled demo campaign to this database. */
  | { kind: "demo" }
  | { kind: "review"; verdict: "agree" | "disagree"; note: string }
  | { kind: "final"; choice: ScreenChoice; note: string }
  /** The judge report's review: `review` starts it, `humans` / `judge` decide the pair on screen (`skip` passes it). */
  | { kind: "judge_review"; side: "start" | "humans" | "judge" }
  | { kind: "help" }
  | { kind: "quit" }
  | { kind: "empty" }
  | { kind: "command"; subcommand: string; args: string[] };

const CHOICE_WORDS: Record<string, ScreenChoice> = {
  "1": "1",
  "2": "2",
  a: "1",
  b: "2",
  tie: "tie",
  t: "tie",
  bad: "both_bad",
  both_bad: "both_bad",
  "both-bad": "both_bad",
  neither: "both_bad",
};

/**
 * Parses one typed line (pure). `vote 1|2|tie|bad`, `why <text> [--confidence n] [--difficulty d]
 * [--flags a,b] [--score dim=r1,r2]`, `skip`, `next [campaign]`, `full 1|2|prompt`, `guidelines
 * [campaign]`, `poll vote <poll> <option>`, `demo`, `review`, `humans`, `judge`, `help`, `quit`;
 * anything else is passed on as a `/pairwise` subcommand (stats, campaigns, post …).
 */
export function parseTerminalLine(line: string): TerminalInput {
  const words = splitCommandLine(line.trim().replace(/^\/pairwise\s*/, ""));
  const [verb = "", ...rest] = words;
  switch (verb.toLowerCase()) {
    case "":
      return { kind: "empty" };
    case "vote":
    case "v": {
      const choice = CHOICE_WORDS[(rest[0] ?? "").toLowerCase()];
      if (!choice) throw new PairwiseError("VALIDATION", "Say which: `vote 1`, `vote 2`, `vote tie` or `vote bad`.");
      return { kind: "vote", choice };
    }
    case "1":
    case "2":
      return { kind: "vote", choice: verb as "1" | "2" };
    case "skip":
      return { kind: "skip" };
    case "next":
    case "n":
      return rest[0] ? { kind: "next", campaign: rest[0] } : { kind: "next" };
    case "why":
    case "rationale":
      return { kind: "why", values: parseWhy(rest) };
    case "full": {
      const part = (rest[0] ?? "").toLowerCase();
      if (part !== "1" && part !== "2" && part !== "prompt") throw new PairwiseError("VALIDATION", "Say which text: `full 1`, `full 2` or `full prompt`.");
      return { kind: "full", part };
    }
    case "guidelines":
    case "g":
      return rest[0] ? { kind: "guidelines", campaign: rest[0] } : { kind: "guidelines" };
    case "demo":
      if (rest.length > 0) throw new PairwiseError("VALIDATION", "`demo` takes no argument: it adds the bundled demo campaign to this database.");
      return { kind: "demo" };
    case "poll":
      if ((rest[0] ?? "").toLowerCase() === "vote") {
        const [, poll, option] = rest;
        const pollId = Number(poll);
        const n = Number(option);
        if (rest.length !== 3 || !Number.isInteger(pollId) || pollId < 1 || !Number.isInteger(n) || n < 1) {
          throw new PairwiseError(
            "VALIDATION",
            "Say which poll and which option, counted from 1: `poll vote <poll number> <option number>`, for example `poll vote 2 1`.",
          );
        }
        return { kind: "poll_vote", pollId, option: n - 1 };
      }
      return { kind: "command", subcommand: verb, args: rest };
    case "agree":
      return { kind: "review", verdict: "agree", note: "" };
    case "disagree":
      return { kind: "review", verdict: "disagree", note: rest.join(" ") };
    case "final": {
      const choice = CHOICE_WORDS[(rest[0] ?? "").toLowerCase()];
      if (!choice) throw new PairwiseError("VALIDATION", "Say the final answer and why: `final 1 <note>`, `final 2 …`, `final tie …` or `final bad …`.");
      return { kind: "final", choice, note: rest.slice(1).join(" ") };
    }
    case "review":
    case "humans":
    case "judge":
      if (rest.length > 0) return { kind: "command", subcommand: verb, args: rest };
      return { kind: "judge_review", side: verb.toLowerCase() === "review" ? "start" : (verb.toLowerCase() as "humans" | "judge") };
    case "help":
    case "?":
      return rest.length > 0 ? { kind: "command", subcommand: "help", args: rest } : { kind: "help" };
    case "quit":
    case "exit":
    case "q":
      return { kind: "quit" };
    default:
      return { kind: "command", subcommand: verb, args: rest };
  }
}

function parseWhy(words: string[]): FormValues {
  const values: FormValues = {};
  const text: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const next = () => {
      const value = words[++i];
      if (value === undefined) throw new PairwiseError("VALIDATION", `${word} needs a value, for example ${word} 4.`);
      return value;
    };
    if (word === "--confidence") values.confidence = next();
    else if (word === "--difficulty") values.difficulty = next();
    else if (word === "--flags")
      values.flags = next()
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean);
    else if (word === "--score") {
      const m = /^([a-z][a-z0-9_]*)=(\d),(\d)$/.exec(next());
      if (!m) throw new PairwiseError("VALIDATION", "Write scores as --score <dimension>=<response 1>,<response 2>, for example --score accuracy=4,2.");
      values[`rubric.${m[1]}.1`] = m[2]!;
      values[`rubric.${m[1]}.2`] = m[3]!;
    } else text.push(word);
  }
  values.rationale = text.join(" ");
  return values;
}
