import { basename } from "node:path";
import { validationError } from "../errors.js";
import { arenaStyleCounts, styleCounts, type Battle, type StyleCounts, type StyledBattle } from "../stats/index.js";
import { readRecords } from "./read-table-file.js";
import { listInWords, WINNERS, type Winner } from "../domain/choice.js";

/** Each winner as written, plus Chatbot Arena's "tie (bothbad)". */
const WINNER_SPELLINGS: Record<string, Winner> = { ...Object.fromEntries(WINNERS.map((w) => [w, w])), "tie (bothbad)": "both_bad" };

/** Reads Chatbot-Arena-style battles {model_a, model_b, winner}, naming the line of a bad row. */
export function readBattles(path: string): Battle[] {
  const file = basename(path);
  return readRecords(path).map(({ line, record }) => battleOf(record, file, line));
}

function battleOf(record: Record<string, unknown>, file: string, line: number): Battle {
  const a = record.model_a;
  const b = record.model_b;
  if (typeof a !== "string" || a === "")
    throw validationError(`expected the name of a model, got ${JSON.stringify(a ?? null)}`, { file, line, field: "model_a" });
  if (typeof b !== "string" || b === "")
    throw validationError(`expected the name of a model, got ${JSON.stringify(b ?? null)}`, { file, line, field: "model_b" });
  const winner =
    WINNER_SPELLINGS[
      String(record.winner ?? "")
        .trim()
        .toLowerCase()
    ];
  if (!winner) throw validationError(`expected ${listInWords(WINNERS)}, got ${JSON.stringify(record.winner ?? null)}`, { file, line, field: "winner" });
  return { modelA: a, modelB: b, winner };
}

/**
 * Battles with the style of both responses, from whichever the row has: Chatbot Arena's
 * `conv_metadata` counts (tokens, headers, lists, bold), the responses' text (`response_a`,
 * `response_b`), or Arena's `conversation_a`/`conversation_b` turns (assistant turns joined).
 */
export function readStyledBattles(path: string): StyledBattle[] {
  const file = basename(path);
  return readRecords(path).map(({ line, record }) => {
    const battle = battleOf(record, file, line);
    const styleA = styleOf(record, "a");
    const styleB = styleOf(record, "b");
    if (!styleA || !styleB) {
      throw validationError(
        "style control needs each response's style: the texts (response_a, response_b), Arena's conversation_a/conversation_b, or Arena's conv_metadata counts",
        { file, line, field: styleA ? "response_b" : "response_a" },
      );
    }
    return { ...battle, styleA, styleB };
  });
}

function styleOf(record: Record<string, unknown>, side: "a" | "b"): StyleCounts | undefined {
  const metadata = record.conv_metadata;
  if (metadata && typeof metadata === "object") {
    const counts = arenaStyleCounts(metadata as Record<string, unknown>, side);
    if (counts) return counts;
  }
  const text = record[`response_${side}`];
  if (typeof text === "string") return styleCounts(text);
  const turns = record[`conversation_${side}`];
  if (Array.isArray(turns)) {
    const replies = turns.filter(
      (t): t is { role: string; content: string } => typeof t === "object" && t !== null && t.role === "assistant" && typeof t.content === "string",
    );
    return styleCounts(replies.map((t) => t.content).join("\n"));
  }
  return undefined;
}
