/** Slack's Block Kit rules, as the real API enforces them (research/platform-limits.md §1.3). */
type Json = Record<string, unknown>;

const textOf = (t: unknown): string => (t && typeof t === "object" && "text" in t ? String((t as Json).text ?? "") : "");

/** Returns Slack's error code for an invalid message, or undefined when Slack would accept it. */
export function validateMessageBlocks(blocks: unknown): string | undefined {
  if (blocks === undefined) return undefined;
  if (!Array.isArray(blocks)) return "invalid_blocks_format";
  if (blocks.length > 50) return "invalid_blocks";
  let total = 0;
  for (const raw of blocks as Json[]) {
    const error = validateBlock(raw);
    if (error) return error;
    total += blockText(raw);
  }
  // Undocumented cumulative cap, observed between 11.3k and 13.3k (bolt-js#2509, #2867).
  if (total > 12_000) return "msg_blocks_too_long";
  return undefined;
}

function blockText(b: Json): number {
  const fields = Array.isArray(b.fields) ? (b.fields as Json[]).reduce((s, f) => s + textOf(f).length, 0) : 0;
  const elements = Array.isArray(b.elements) ? (b.elements as Json[]).reduce((s, e) => s + (textOf(e).length || textOf(e.text).length), 0) : 0;
  return textOf(b.text).length + fields + elements;
}

function validateBlock(b: Json): string | undefined {
  switch (b.type) {
    case "section": {
      if (b.text && textOf(b.text).length > 3000) return "invalid_blocks";
      if (b.text && textOf(b.text).length === 0) return "invalid_blocks";
      if (Array.isArray(b.fields) && (b.fields.length > 10 || (b.fields as Json[]).some((f) => textOf(f).length > 2000))) return "invalid_blocks";
      return undefined;
    }
    case "header":
      return textOf(b.text).length > 150 || textOf(b.text).length === 0 ? "invalid_blocks" : undefined;
    case "context":
      return !Array.isArray(b.elements) || b.elements.length === 0 || b.elements.length > 10 || (b.elements as Json[]).some((e) => textOf(e).length > 3000)
        ? "invalid_blocks"
        : undefined;
    case "actions": {
      if (!Array.isArray(b.elements) || b.elements.length === 0 || b.elements.length > 25) return "invalid_blocks";
      const ids = new Set<string>();
      for (const e of b.elements as Json[]) {
        const id = String(e.action_id ?? "");
        if (id.length > 255 || ids.has(id)) return "invalid_blocks";
        ids.add(id);
        if (e.type === "button" && (textOf(e.text).length > 75 || String(e.value ?? "").length > 2000)) return "invalid_blocks";
      }
      return undefined;
    }
    case "divider":
    case "image":
    case "input":
    case "markdown":
      return undefined;
    default:
      return "invalid_blocks";
  }
}

/** Modal rules: title/submit/close ≤ 24, ≤ 100 blocks, text inputs ≤ 3000, private_metadata ≤ 3000. */
export function validateModal(view: Json): string | undefined {
  if (view.type !== "modal") return "invalid_arguments";
  for (const key of ["title", "submit", "close"] as const) if (view[key] && textOf(view[key]).length > 24) return "invalid_arguments";
  if (!Array.isArray(view.blocks) || view.blocks.length > 100) return "invalid_arguments";
  if (String(view.private_metadata ?? "").length > 3000) return "invalid_arguments";
  for (const b of view.blocks as Json[]) {
    if (b.type === "input") {
      const e = b.element as Json;
      if (e.type === "plain_text_input" && (Number(e.max_length ?? 3000) > 3000 || Number(e.max_length ?? 3000) < 1)) return "invalid_arguments";
      if ((e.type === "static_select" || e.type === "multi_static_select") && Array.isArray(e.options) && e.options.length > 100) return "invalid_arguments";
      if (e.type === "checkboxes" && Array.isArray(e.options) && e.options.length > 10) return "invalid_arguments";
    } else if (validateBlock(b)) return "invalid_arguments";
  }
  return undefined;
}
