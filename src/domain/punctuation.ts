/**
 * A title (a campaign's, a poll's question) as it reads inside a sentence: without the full stop,
 * colon or comma it may end with, so "in Summer batch.: 3 judgments" never happens. A question
 * or exclamation mark stays: it is part of what the title says.
 */
export function inSentence(title: string): string {
  return title.replace(/[\s.:;,]+$/u, "");
}
