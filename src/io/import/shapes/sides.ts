import { isNoPreference, listInWords, NO_PREFERENCE_CHOICES, parseChoice, type Choice } from "../../../domain/choice.js";
import type { GoldAnswers } from "./common.js";

/** The outcome of putting a chosen/rejected pair on the A/B sides. */
export interface Sides {
  responseA: string;
  responseB: string;
  /** Where the chosen response went: hidden metadata, never shown to annotators. */
  chosen: "a" | "b";
}

/**
 * Puts chosen and rejected on A and B at random (one draw a row). Preference datasets list the
 * chosen response first; keeping that order would let position bias pass for agreement with the
 * original label.
 */
export function assignSides(chosen: string, rejected: string, random: () => number): Sides {
  return random() < 0.5 ? { responseA: chosen, responseB: rejected, chosen: "a" } : { responseA: rejected, responseB: chosen, chosen: "b" };
}

/**
 * Gold answers for chosen/rejected files. A and B are drawn at import, so a file cannot name them;
 * it names `chosen` or `rejected` (or tie / both_bad), and this maps that onto the drawn sides.
 */
export function chosenRejectedAnswers(chosen: "a" | "b"): GoldAnswers {
  return {
    accepted: `${listInWords(["chosen", "rejected", ...NO_PREFERENCE_CHOICES])} (A and B are assigned at random on import, so they cannot name a side here)`,
    parse(value: string): Choice | undefined {
      const normalized = value.trim().toLowerCase();
      if (normalized === "chosen") return chosen;
      if (normalized === "rejected") return chosen === "a" ? "b" : "a";
      const choice = parseChoice(value);
      return choice !== undefined && isNoPreference(choice) ? choice : undefined;
    },
  };
}
