import {
  type Action,
  type ActionInvoked,
  type CommandInvoked,
  type FormSubmitted,
  type FormValues,
  splitCommandLine,
  tryParseAction,
} from "../../src/core/port.js";
import { isPairwiseError } from "../../src/errors.js";

/** The fields of a slash command payload this adapter reads (Slack sends them form-encoded). */
export interface SlashCommandPayload {
  text: string;
  user_id: string;
  user_name?: string;
  team_id: string;
  channel_id: string;
  trigger_id?: string;
  response_url?: string;
}

/**
 * A `/pairwise …` payload as a core event: the first word is the subcommand, the rest its
 * arguments, quotes respected (Slack's smart quotes too). A malformed line still becomes a
 * command, with the problem left for the core's help.
 */
export function parseSlashCommand(payload: SlashCommandPayload, receivedAt = new Date()): CommandInvoked {
  let words: string[];
  try {
    words = splitCommandLine(payload.text ?? "");
  } catch (error) {
    words = ["help"];
    if (!isPairwiseError(error)) throw error;
  }
  const [subcommand = "", ...args] = words;
  return {
    kind: "command",
    platform: "slack",
    user: { platform: "slack", workspaceId: payload.team_id, userId: payload.user_id, ...(payload.user_name ? { displayName: payload.user_name } : {}) },
    channel: { platform: "slack", channelId: payload.channel_id },
    subcommand,
    args,
    receivedAt,
    raw: payload,
  };
}

/** The parts of a `block_actions` payload this adapter reads. */
export interface BlockActionsPayload {
  type: "block_actions";
  user: { id: string; username?: string; name?: string; team_id?: string };
  team?: { id: string } | null;
  channel?: { id: string } | null;
  container?: { channel_id?: string; message_ts?: string; type?: string };
  message?: { ts: string } | null;
  actions: { action_id: string; value?: string }[];
  trigger_id?: string;
  response_url?: string;
}

/** A button click as a core event, or undefined when the id is not one of ours (logged and dropped). */
export function parseBlockAction(payload: BlockActionsPayload, receivedAt = new Date()): ActionInvoked | undefined {
  const first = payload.actions?.[0];
  const action: Action | undefined = first ? tryParseAction(first.action_id) : undefined;
  if (!action) return undefined;
  const channelId = payload.channel?.id ?? payload.container?.channel_id;
  const ts = payload.message?.ts ?? payload.container?.message_ts;
  const workspaceId = payload.team?.id ?? payload.user.team_id ?? "unknown";
  const event: ActionInvoked = {
    kind: "action",
    platform: "slack",
    user: {
      platform: "slack",
      workspaceId,
      userId: payload.user.id,
      ...((payload.user.username ?? payload.user.name) ? { displayName: payload.user.username ?? payload.user.name! } : {}),
    },
    action,
    receivedAt,
    raw: payload,
  };
  if (channelId) event.channel = { platform: "slack", channelId };
  if (channelId && ts) event.message = { platform: "slack", channelId, messageId: ts };
  return event;
}

/** A value from `view.state.values[block][action]`, in the element shapes Slack sends. */
interface StateValue {
  type: string;
  value?: string | null;
  selected_option?: { value: string } | null;
  selected_options?: { value: string }[];
}

/** Flattens `view.state.values` to `{ blockId: value }`: text and single selects as strings, multi-selects and checkboxes as lists. */
export function flattenViewState(values: Record<string, Record<string, StateValue>>): FormValues {
  const out: FormValues = {};
  for (const [blockId, actions] of Object.entries(values ?? {})) {
    // Shapes Slack never sends (a tampered payload) are skipped, not trusted.
    if (!actions || typeof actions !== "object") continue;
    const v = Object.values(actions)[0];
    if (!v || typeof v !== "object") continue;
    if (v.selected_options) out[blockId] = v.selected_options.map((o) => o.value);
    else if (v.selected_option !== undefined) out[blockId] = v.selected_option?.value ?? undefined;
    else out[blockId] = v.value ?? undefined;
  }
  return out;
}

export interface ViewSubmissionPayload {
  type: "view_submission";
  user: { id: string; username?: string; name?: string; team_id?: string };
  team?: { id: string } | null;
  view: { callback_id: string; private_metadata?: string; state: { values: Record<string, Record<string, StateValue>> } };
}

/** Where a form came from, carried in the modal's private_metadata. */
export interface FormOrigin {
  /** Channel and ts of the message whose button opened the form, to update it on submit. */
  c?: string;
  t?: string;
}

export function parseViewSubmission(payload: ViewSubmissionPayload, receivedAt = new Date()): { event: FormSubmitted; origin: FormOrigin } | undefined {
  const form = tryParseAction(payload.view.callback_id);
  if (!form) return undefined;
  let origin: FormOrigin = {};
  try {
    const parsed = JSON.parse(payload.view.private_metadata || "{}") as unknown;
    if (parsed && typeof parsed === "object") origin = parsed as FormOrigin;
  } catch {
    origin = {};
  }
  const workspaceId = payload.team?.id ?? payload.user.team_id ?? "unknown";
  const event: FormSubmitted = {
    kind: "form_submitted",
    platform: "slack",
    user: {
      platform: "slack",
      workspaceId,
      userId: payload.user.id,
      ...((payload.user.username ?? payload.user.name) ? { displayName: payload.user.username ?? payload.user.name! } : {}),
    },
    form,
    values: flattenViewState(payload.view.state.values),
    receivedAt,
    raw: payload,
  };
  if (origin.c) event.channel = { platform: "slack", channelId: origin.c };
  return { event, origin };
}
