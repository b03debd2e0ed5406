import type { ImportShape } from "../types.js";
import { HUMAN_MARKER } from "./hh-transcript.js";

/**
 * Which shape a row has, from its keys; undefined when it fits none or several.
 * - `response1` + `response2`: PandaLM;
 * - `judgment_id` + `item_id` + `response_a`: Pairwise's raw export (one judgment a row);
 * - `response_a` / `response_b`: plain;
 * - `chosen` / `rejected`: HH-RLHF when chosen (or rejected) is a `\n\nHuman:` transcript and there
 *   is no prompt, TRL otherwise (including TRL's implicit-prompt conversations).
 */
export function detectShape(row: Readonly<Record<string, unknown>>): ImportShape | undefined {
  const found = candidates(row);
  return found.length === 1 ? found[0] : undefined;
}

function candidates(row: Readonly<Record<string, unknown>>): ImportShape[] {
  const has = (key: string): boolean => key in row;
  const found: ImportShape[] = [];
  if (has("response1") && has("response2")) found.push("pandalm");
  if (has("judgment_id") && has("item_id") && has("response_a")) found.push("raw");
  else if (has("response_a") || has("response_b")) found.push("plain");
  if (has("chosen") || has("rejected")) {
    const transcript = [row["chosen"], row["rejected"]].some((v) => typeof v === "string" && v.startsWith(HUMAN_MARKER));
    found.push(transcript && !has("prompt") ? "hh-rlhf" : "trl");
  }
  return found;
}

/** Explains why detection failed, for the first row's error message. */
export function explainUndetected(row: Readonly<Record<string, unknown>>): string {
  const found = candidates(row);
  const keys = Object.keys(row).slice(0, 15).join(", ") || "none";
  if (found.length > 1) return `the first row fits several shapes (${found.join(", ")}); pass the format explicitly. Keys: ${keys}`;
  return (
    `cannot tell the shape from the first row's keys (${keys}). Expected one of: ` +
    `plain {prompt, response_a, response_b}, TRL {prompt, chosen, rejected}, Pairwise's raw export, ` +
    `HH-RLHF {chosen, rejected} transcripts, PandaLM {instruction, response1, response2, annotator1..3}`
  );
}
