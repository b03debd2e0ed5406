/**
 * Training targets that teach a model nothing, or the wrong thing: an empty response, a response
 * that is only a boolean (PandaLM stores six answers as the JSON `true`), or a chosen response that
 * is the same text as the rejected one. They are real rows of real datasets, imported faithfully
 * and kept in the database; the training exports leave them out unless asked to keep them.
 */
export const DEGENERATE_KINDS = ["empty_chosen", "empty_rejected", "boolean_chosen", "boolean_rejected", "identical"] as const;
export type DegenerateKind = (typeof DEGENERATE_KINDS)[number];

/** How each kind reads in reports: "empty chosen response". */
export const DEGENERATE_LABELS: Record<DegenerateKind, string> = {
  empty_chosen: "empty chosen response",
  empty_rejected: "empty rejected response",
  boolean_chosen: 'chosen response is only "true" or "false"',
  boolean_rejected: 'rejected response is only "true" or "false"',
  identical: "chosen and rejected are the same text",
};

/** Empty, or white space only. */
const isBlank = (text: string): boolean => text.trim() === "";

/** A response that is nothing but a boolean, as a JSON boolean read as text looks. */
const looksBoolean = (text: string): boolean => /^(true|false)$/i.test(text.trim());

/**
 * What is wrong with a preference pair as a training target, if anything. `rejected` may be
 * given alone (a both-bad item's responses in KTO are rejected completions with no chosen one).
 */
export function degenerateKinds(target: { chosen?: string; rejected: readonly string[] }): DegenerateKind[] {
  const kinds = new Set<DegenerateKind>();
  if (target.chosen !== undefined) {
    if (isBlank(target.chosen)) kinds.add("empty_chosen");
    else if (looksBoolean(target.chosen)) kinds.add("boolean_chosen");
  }
  for (const rejected of target.rejected) {
    if (isBlank(rejected)) kinds.add("empty_rejected");
    else if (looksBoolean(rejected)) kinds.add("boolean_rejected");
    if (target.chosen !== undefined && rejected === target.chosen) kinds.add("identical");
  }
  return DEGENERATE_KINDS.filter((k) => kinds.has(k));
}
