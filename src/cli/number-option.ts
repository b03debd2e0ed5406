import { PairwiseError } from "../errors.js";

/**
 * Reads a numeric command-line option, refusing anything that is not a number in range with a
 * message naming the flag, what it takes and what it got.
 */
export function numberOption(flag: string, raw: string, rule: { min?: number; max?: number; integer?: boolean; above?: number; hint?: string }): number {
  const value = raw.trim() === "" ? Number.NaN : Number(raw);
  const what = [
    rule.integer ? "a whole number" : "a number",
    rule.above !== undefined ? `above ${rule.above}` : undefined,
    rule.min !== undefined && rule.max !== undefined
      ? `from ${rule.min} to ${rule.max}`
      : rule.min !== undefined
        ? `of at least ${rule.min}`
        : rule.max !== undefined
          ? `of at most ${rule.max}`
          : undefined,
  ]
    .filter(Boolean)
    .join(" ");
  const ok =
    Number.isFinite(value) &&
    (!rule.integer || Number.isInteger(value)) &&
    (rule.min === undefined || value >= rule.min) &&
    (rule.max === undefined || value <= rule.max) &&
    (rule.above === undefined || value > rule.above);
  if (!ok) throw new PairwiseError("VALIDATION", `${flag} must be ${what}, got "${raw}".${rule.hint ? ` ${rule.hint}` : ""}`);
  return value;
}
