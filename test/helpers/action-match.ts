import { tryParseAction } from "../../src/core/action-ids.js";

/**
 * A predicate on button ids for the end-to-end tests: true when the id decodes to `verb` and
 * `extra` (if given) holds for the decoded action's fields.
 */
export function isAction(verb: string, extra?: (action: Record<string, unknown>) => boolean): (id: string) => boolean {
  return (id) => {
    const action = tryParseAction(id) as Record<string, unknown> | undefined;
    return !!action && action.verb === verb && (!extra || extra(action));
  };
}

export const channelVote = (choice: string) => isAction("channel_vote", (a) => a.choice === choice);
export const pollButton = (option: number) => isAction("poll_vote", (a) => a.option === option);
