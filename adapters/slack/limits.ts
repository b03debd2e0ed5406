/**
 * Slack's limits that shape rendering (docs.slack.dev Block Kit reference; research/platform-limits.md §1.3).
 * The cumulative block-text cap is undocumented (errors seen from ~11.3k to 13.3k characters), so
 * we stay well under it.
 */
export const SLACK_LIMITS = {
  blocksPerMessage: 50,
  blocksPerModal: 100,
  sectionText: 3000,
  headerText: 150,
  buttonText: 75,
  contextElements: 10,
  actionsElements: 25,
  fieldsPerSection: 10,
  fieldText: 2000,
  messageBlockText: 11_000,
  modalTitle: 24,
  inputLabel: 2000,
  plainTextInput: 3000,
  optionText: 75,
  optionValue: 150,
  optionsPerSelect: 100,
  checkboxOptions: 10,
  privateMetadata: 3000,
} as const;

/** Cuts to at most `max` characters, marking the cut with an ellipsis. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

/** Escapes the three characters Slack's mrkdwn treats as control characters. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
