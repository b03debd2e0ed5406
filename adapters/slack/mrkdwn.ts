import { escapeMrkdwn } from "./limits.js";

/**
 * Model text (a prompt, a response: Markdown as models write it) as Slack mrkdwn, which differs
 * (docs.slack.dev/messaging/formatting-message-text): bold is `*x*` (Markdown `**x**` / `__x__`),
 * italic `_x_` (Markdown `*x*`), strike `~x~`, links `<url|text>`; there are no headings (shown
 * bold) and no list syntax (bullets become "•"); code spans and fences are the same, but a fence's
 * language tag would show as a line of code, so it goes. `&`, `<` and `>` are escaped everywhere,
 * code included, so nothing in the text becomes a mention or a special command (`<!here>`,
 * `<@U…>`); the blocks are also sent `verbatim`, so bare `@channel` and URLs are not parsed.
 * An unclosed fence (a cut text) is closed, so the rest of the message is not swallowed by it.
 */
export function markdownToMrkdwn(markdown: string): string {
  const out: string[] = [];
  let inFence = false;
  for (const line of escapeMrkdwn(markdown).split("\n")) {
    const fence = /^(\s*)(```|~~~)/.exec(line);
    if (fence) {
      // The opening fence loses its language tag; Slack needs ``` either way.
      out.push(`${fence[1]}\`\`\``);
      inFence = !inFence;
      continue;
    }
    out.push(inFence ? line : convertLine(line));
  }
  if (inFence) out.push("```");
  return out.join("\n");
}

/** One line outside code fences: block syntax first (headings, lists, quotes), then inline. */
function convertLine(line: string): string {
  const heading = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
  if (heading) return heading[1] ? `*${inline(heading[1]).replace(/^\*(.*)\*$/, "$1")}*` : "";
  if (/^\s{0,3}([-*_])(\s*\1){2,}\s*$/.test(line)) return "──────────";
  const bullet = /^(\s*)[-*+]\s+(.*)$/.exec(line);
  if (bullet) return `${bullet[1]}• ${inline(bullet[2]!)}`;
  // A quote was escaped to &gt;; at the start of a line Slack quotes it, which is what Markdown meant.
  const quote = /^&gt;\s?(.*)$/.exec(line);
  if (quote) return `> ${inline(quote[1]!)}`;
  return inline(line);
}

const BOLD = "\u0001";

/** Inline spans outside code: links, bold, italic, strike. Code spans are left as they are. */
function inline(text: string): string {
  return text
    .split(/(`[^`\n]+`)/)
    .map((part, i) => (i % 2 === 1 ? part : spans(part)))
    .join("");
}

function spans(text: string): string {
  return (
    text
      // [text](url): only web and mail links; `|` and `>` cannot be inside a Slack link's parts.
      .replace(/\[([^\]\n]+)\]\(((?:https?:\/\/|mailto:)[^\s)|]+)\)/g, (_, label: string, url: string) => `<${url}|${label.replace(/\|/g, "¦")}>`)
      .replace(/\*\*(?=\S)([^*\n]*?\S)\*\*/g, `${BOLD}$1${BOLD}`)
      .replace(/(^|[^\w])__(?=\S)([^_\n]*?\S)__(?!\w)/g, `$1${BOLD}$2${BOLD}`)
      // Markdown's single-asterisk italic (not a list marker, not a product like 2 * 3).
      .replace(/(^|[^\w*])\*(?=[^\s*])([^*\n]*?[^\s*])\*(?![\w*])/g, "$1_$2_")
      .replace(/~~(?=\S)([^~\n]*?\S)~~/g, "~$1~")
      .replaceAll(BOLD, "*")
  );
}

/**
 * Splits mrkdwn into chunks of at most `max` characters (at paragraph, line or word breaks) that
 * each stand alone: a chunk that ends inside a code fence closes it and the next one reopens it.
 */
export function splitMrkdwn(text: string, max: number, split: (text: string, max: number) => string[]): string[] {
  const FENCE = "```";
  const pieces = split(text, max - 2 * (FENCE.length + 1));
  const out: string[] = [];
  let open = false;
  for (const piece of pieces) {
    let chunk = open ? `${FENCE}\n${piece}` : piece;
    const fences = (piece.match(/^\s*```/gm) ?? []).length;
    const endsOpen: boolean = open !== (fences % 2 === 1);
    if (endsOpen) chunk = `${chunk.replace(/\n$/, "")}\n${FENCE}`;
    open = endsOpen;
    out.push(chunk);
  }
  return out;
}

/**
 * The longest start of `text` (in its own characters, cut at a line or word break when one is near)
 * whose mrkdwn fits `budget` characters, counted after escaping and conversion.
 */
export function fittingPrefix(text: string, budget: number): number {
  if (markdownToMrkdwn(text).length <= budget) return text.length;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (markdownToMrkdwn(text.slice(0, mid)).length <= budget) lo = mid;
    else hi = mid - 1;
  }
  // Prefer a break within the last tenth, so no word is cut when there is room not to.
  const window = text.slice(0, lo);
  const floor = Math.floor(lo * 0.9);
  const line = window.lastIndexOf("\n");
  if (line >= floor) return line + 1;
  const space = window.lastIndexOf(" ");
  return space >= floor ? space + 1 : lo;
}
