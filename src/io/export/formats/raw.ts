import type { JudgmentFormat } from "./format.js";

/** Every judgment as a JSON line with all its fields; the writer is raw-judgments.ts. */
export const raw = {
  kind: "judgments",
  name: "raw",
  help: "every judgment as JSONL with all its fields (annotators pseudonymized unless --real-ids)",
  pairedOnly: false,
} as const satisfies JudgmentFormat;
