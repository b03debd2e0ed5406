/**
 * The style of a response as Chatbot Arena's style control sees it (FastChat
 * fastchat/serve/monitor/add_markdown_info.py): its length, and how many markdown headers, list
 * items and bold spans it has, counted outside ``` code blocks.
 */
export const STYLE_FEATURES = ["length", "headers", "lists", "bold"] as const;
export type StyleFeature = (typeof STYLE_FEATURES)[number];
export type StyleCounts = Record<StyleFeature, number>;

const CODE_BLOCK = /```[^`]*```/g;
const HEADER = /^#{1,6}\s/gm;
const ORDERED_ITEM = /^\s*\d+\.\s/gm;
const UNORDERED_ITEM = /^\s*[-*+]\s/gm;
const BOLD_STARS = /\*\*[^*\n]+\*\*/g;
const BOLD_UNDERSCORES = /__[^_\n]+__/g;

const count = (text: string, pattern: RegExp): number => text.match(pattern)?.length ?? 0;

/**
 * Style counts of one response. Arena counts length in tokens of its tokenizer; without one,
 * length here is in characters (the feature is the ratio (a − b)/(a + b + 1), nearly free of the
 * unit). Headers, lists and bold use Arena's regular expressions (Arena counts # to ###### lines
 * one level at a time, which adds up to the same total).
 */
export function styleCounts(text: string): StyleCounts {
  const prose = text.replace(CODE_BLOCK, "");
  return {
    length: text.length,
    headers: count(prose, HEADER),
    lists: count(prose, ORDERED_ITEM) + count(prose, UNORDERED_ITEM),
    bold: count(prose, BOLD_STARS) + count(prose, BOLD_UNDERSCORES),
  };
}

/** Arena's conversation metadata keys per feature, `_a`/`_b` appended. */
const ARENA_KEYS: Record<StyleFeature, string> = {
  length: "sum_assistant_{side}_tokens",
  headers: "header_count_{side}",
  lists: "list_count_{side}",
  bold: "bold_count_{side}",
};

/**
 * Style counts from a Chatbot Arena battle's `conv_metadata` (a count is a number or an object of
 * counts by kind, summed, as FastChat reads them), or undefined when a key is missing.
 */
export function arenaStyleCounts(metadata: Record<string, unknown>, side: "a" | "b"): StyleCounts | undefined {
  const out = {} as StyleCounts;
  for (const feature of STYLE_FEATURES) {
    const value = metadata[ARENA_KEYS[feature].replace("{side}", side)];
    if (typeof value === "number" && Number.isFinite(value)) out[feature] = value;
    else if (value && typeof value === "object" && Object.values(value).every((v) => typeof v === "number"))
      out[feature] = Object.values(value as Record<string, number>).reduce((s, v) => s + v, 0);
    else return undefined;
  }
  return out;
}
