/**
 * Core text writes emphasis the Slack way (`*bold*`, `_italic_`, `code`). Discord reads a single
 * asterisk as italic, so bold is doubled here; underscores, code spans and lists mean the same on
 * both and pass through. Pure; applied to core-written text blocks and field values only, never to
 * the prompts and responses being labeled (those are shown as written).
 */
export function toDiscordMarkdown(text: string): string {
  // `*x*` not touching another asterisk or a word character on either side (so `**x**`, `a*b*c`
  // and `2 * 3 * 4` stay as they are).
  return text.replace(/(^|[^*\\\w])\*(?=\S)([^*\n]*?\S)\*(?![*\w])/g, "$1**$2**");
}
