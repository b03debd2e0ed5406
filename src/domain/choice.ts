/**
 * Choices are stored in terms of the stored responses (A/B), never of the screen: the display
 * order is randomized per assignment, so "Response 1" may be B.
 */
export const CHOICES = ["a", "b", "tie", "both_bad"] as const;
export type Choice = (typeof CHOICES)[number];

/** The choices that state no preference between A and B (both_bad: neither is acceptable). */
export const NO_PREFERENCE_CHOICES = ["tie", "both_bad"] as const satisfies readonly Choice[];
export type NoPreferenceChoice = (typeof NO_PREFERENCE_CHOICES)[number];

/** What the annotator clicked, in screen terms: the first or second response shown, tie, or both bad. */
export const SCREEN_CHOICES = ["1", "2", ...NO_PREFERENCE_CHOICES] as const;
export type ScreenChoice = (typeof SCREEN_CHOICES)[number];

/**
 * A battle's outcome as Chatbot Arena logs it (`model_a`, `model_b`, `tie`, `both_bad`): the
 * stored choice seen from the models instead of the responses.
 */
export const WINNERS = ["model_a", "model_b", ...NO_PREFERENCE_CHOICES] as const;
export type Winner = (typeof WINNERS)[number];

/** The battle outcome of a stored choice (A is model_a's response). */
export const WINNER_OF_CHOICE: Readonly<Record<Choice, Winner>> = { a: "model_a", b: "model_b", tie: "tie", both_bad: "both_bad" };

/** True for tie and both_bad (stored, screen or battle terms alike): no preference between the two. */
export function isNoPreference(value: string): value is NoPreferenceChoice {
  return (NO_PREFERENCE_CHOICES as readonly string[]).includes(value);
}

/** A zero count per choice, in `CHOICES` order. */
export function emptyChoiceCounts(): Record<Choice, number> {
  return Object.fromEntries(CHOICES.map((c) => [c, 0])) as Record<Choice, number>;
}

/** Writes a list of values for a message: `a, b, tie or both_bad`. */
export function listInWords(values: readonly string[], conjunction = "or"): string {
  return values.length <= 1 ? values.join("") : `${values.slice(0, -1).join(", ")} ${conjunction} ${values[values.length - 1]}`;
}

/** `ab`: response A was shown first. */
export const DISPLAY_ORDERS = ["ab", "ba"] as const;
export type DisplayOrder = (typeof DISPLAY_ORDERS)[number];

/** Maps a click on the screen to the stored choice, through the assignment's display order. */
export function toStoredChoice(screen: ScreenChoice, order: DisplayOrder): Choice {
  if (isNoPreference(screen)) return screen;
  const first = order === "ab" ? "a" : "b";
  const second = order === "ab" ? "b" : "a";
  return screen === "1" ? first : second;
}

/** The inverse of `toStoredChoice`: where a stored choice sits on the screen of this assignment. */
export function toScreenChoice(choice: Choice, order: DisplayOrder): ScreenChoice {
  if (isNoPreference(choice)) return choice;
  const firstIsA = order === "ab";
  return (choice === "a") === firstIsA ? "1" : "2";
}

/** A human label for a screen choice, as buttons and confirmations show it. */
export function screenChoiceLabel(screen: ScreenChoice): string {
  switch (screen) {
    case "1":
      return "Response 1";
    case "2":
      return "Response 2";
    case "tie":
      return "Tie";
    case "both_bad":
      return "Both bad";
  }
}

/** Parses the many ways people write a choice in files and commands (`A`, `b`, `tie`, `both bad`, `bothbad`). */
export function parseChoice(value: unknown): Choice | undefined {
  if (typeof value !== "string") return undefined;
  const normalized = value
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, "_");
  switch (normalized) {
    case "a":
    case "response_a":
      return "a";
    case "b":
    case "response_b":
      return "b";
    case "tie":
    case "equal":
      return "tie";
    case "both_bad":
    case "bothbad":
    case "bad":
    case "neither":
      return "both_bad";
    default:
      return undefined;
  }
}
