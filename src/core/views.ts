/**
 * View models: what the core wants shown, in platform-neutral terms. Adapters render them into
 * Block Kit, discord.js builders or terminal text, and are responsible for the platforms' limits:
 * a `long_text` may be split across blocks or embeds, and past the platform's limit shown as its
 * start plus a "Show full text" button (`fullTextActionId`), never cut silently.
 */

export type Tone = "info" | "success" | "warning" | "danger";

export interface ButtonView {
  /** An id from `encodeAction` (src/core/action-ids.ts), at most 100 characters. */
  actionId: string;
  label: string;
  style?: "primary" | "danger" | "default";
}

export type ViewBlock =
  /** A title line. */
  | { type: "header"; text: string }
  /** Short formatted text (Markdown subset: *bold*, _italic_, `code`, lists). At most 2,000 characters. */
  | { type: "text"; text: string }
  /**
   * A possibly long text the user must be able to read in full: a prompt turn or a response.
   * `title` labels it ("Prompt", "Response 1"). When the platform cannot show it all, the adapter
   * shows the start and a button carrying `fullTextActionId`.
   */
  | { type: "long_text"; title: string; text: string; fullTextActionId?: string; role?: "prompt" | "response" }
  /** Label/value pairs (stats, settings). */
  | { type: "fields"; fields: { label: string; value: string }[] }
  /** Small print: guideline version, hints, counts. */
  | { type: "context"; text: string }
  | { type: "divider" }
  /** A row of buttons. Adapters wrap rows that exceed the platform's per-row limit. */
  | { type: "actions"; buttons: ButtonView[] }
  /** A picture attached to the message (a chart). */
  | { type: "image"; file: FileUpload; alt: string };

export interface MessageView {
  /** Plain-text summary: the notification text, and the fallback where blocks cannot be shown. */
  text: string;
  blocks: ViewBlock[];
  tone?: Tone;
}

/** A field of a form (a modal). */
export type FormField =
  | {
      type: "text";
      id: string;
      label: string;
      multiline: boolean;
      required: boolean;
      maxLength: number;
      minLength?: number;
      placeholder?: string;
      initial?: string;
      hint?: string;
    }
  | {
      type: "select";
      id: string;
      label: string;
      required: boolean;
      options: { value: string; label: string; description?: string }[];
      initial?: string;
      hint?: string;
    }
  | {
      type: "multi_select";
      id: string;
      label: string;
      required: boolean;
      options: { value: string; label: string; description?: string }[];
      initial?: string[];
      hint?: string;
    };

export interface FormView {
  /** An id from `encodeAction`, returned with the submission. */
  formId: string;
  /** At most 24 characters (Slack's modal title limit). */
  title: string;
  submitLabel: string;
  /** Shown above the fields. */
  intro?: string;
  fields: FormField[];
}

/** Values of a submitted form, by field id: a string for text and select, a list for multi-select. */
export type FormValues = Record<string, string | string[] | undefined>;

export interface FileUpload {
  name: string;
  mimeType: string;
  data: Buffer;
  title?: string;
}

/** Builds a one-line notice. */
export function notice(text: string, tone: Tone = "info"): MessageView {
  return { text, tone, blocks: [{ type: "text", text }] };
}
