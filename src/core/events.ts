import type { Action } from "./action-ids.js";
import type { ChannelRef, MessageRef, PlatformName, UserRef } from "./platform.js";
import type { FileUpload, FormValues, FormView, MessageView } from "./views.js";

interface EventBase {
  platform: PlatformName;
  user: UserRef;
  /** Where the interaction happened (a channel or a DM), when the platform says. */
  channel?: ChannelRef;
  /** True when the platform itself grants admin rights (Discord: Manage Server). `PAIRWISE_LEADS` is checked too. */
  platformAdmin?: boolean;
  receivedAt: Date;
  /** The platform payload, kept for logs and debugging; the core never reads it. */
  raw: unknown;
}

/** `/pairwise <subcommand> <args…>`; args are already tokenized (quotes respected). */
export interface CommandInvoked extends EventBase {
  kind: "command";
  subcommand: string;
  args: string[];
  /**
   * A file attached to the command (Discord `/pairwise import`). `size` is what the platform
   * declared; `fetch` downloads it and rejects as soon as more than `maxBytes` arrive.
   */
  attachment?: { name: string; url: string; size: number; fetch: (maxBytes: number) => Promise<Buffer> };
}

/** A button click, carrying the decoded action id. */
export interface ActionInvoked extends EventBase {
  kind: "action";
  action: Action;
  /** The message that holds the button. */
  message?: MessageRef;
}

/** A form (modal) submission. */
export interface FormSubmitted extends EventBase {
  kind: "form_submitted";
  form: Action;
  values: FormValues;
}

/** A request for option suggestions while typing a command option (Discord autocomplete). */
export interface AutocompleteRequested extends EventBase {
  kind: "autocomplete";
  option: string;
  query: string;
}

export type InboundEvent = CommandInvoked | ActionInvoked | FormSubmitted | AutocompleteRequested;

/**
 * What the adapter answers the interaction with. The dispatcher computes it synchronously where it
 * can (the vote path is SQLite work well under a millisecond); slow work comes back `deferred`.
 */
export type Reply =
  /** Acknowledge and do nothing visible. A submitted form closes. */
  | { kind: "none" }
  /**
   * Replace the message the interaction came from; optionally also tell the user something
   * privately. `then`: a new message after it, where the user works (the next card, in the DM or
   * as an ephemeral follow-up), so the replaced message stays as a record.
   */
  | { kind: "update"; view: MessageView; privateNote?: MessageView; then?: MessageView }
  /**
   * A message only this user sees. `persistent` asks for one the bot can edit later (Slack: a DM;
   * Discord: the ephemeral reply, editable through the interaction).
   */
  | { kind: "private"; view: MessageView; persistent?: boolean }
  /** Open a form. Must be the first response to the interaction; adapters never defer before it. */
  | { kind: "form"; form: FormView }
  /**
   * A submitted form had errors: Slack shows them in the modal (`response_action: errors`);
   * Discord answers ephemerally with a button back into the form, the typed text kept.
   */
  | { kind: "form_errors"; errors: Record<string, string>; form: FormView }
  /** Slow work (a report, an export): acknowledge now, then send what `work` resolves to. */
  | { kind: "deferred"; visibility: "private" | "update"; work: () => Promise<Reply> }
  /**
   * Files only this user gets (a full text, a chart, an export with its QA report), with an optional
   * message. `then`: a message after the files, with buttons to go on from them (the judge report's
   * "Review disagreements"), where the user can click them (Slack: the DM with the bot; Discord: an
   * ephemeral follow-up).
   */
  | { kind: "file"; files: FileUpload[]; view?: MessageView; then?: MessageView }
  /** Autocomplete suggestions (at most 25). */
  | { kind: "choices"; choices: { name: string; value: string }[] };

export function assertNever(value: never, what = "value"): never {
  throw new Error(`Unhandled ${what}: ${JSON.stringify(value)}`);
}
