import { PermissionFlagsBits } from "discord.js";
import {
  type ActionInvoked,
  type AutocompleteRequested,
  type CommandInvoked,
  type FormSubmitted,
  type FormValues,
  splitCommandLine,
  tryParseAction,
  type UserRef,
} from "../../src/core/port.js";

/** The raw fields of an interaction this adapter reads (Discord's API shape). */
export interface RawInteraction {
  id: string;
  type: number;
  /** The interaction token (answers and follow-ups): never logged. */
  token?: string;
  guild_id?: string;
  channel_id?: string;
  member?: { user: { id: string; username: string; global_name?: string | null }; permissions?: string };
  user?: { id: string; username: string; global_name?: string | null };
  data?: {
    name?: string;
    custom_id?: string;
    component_type?: number;
    options?: RawOption[];
    components?: RawComponent[];
    resolved?: { attachments?: Record<string, { filename: string; url: string; size: number }> };
  };
  message?: { id: string; channel_id: string; flags?: number };
}

interface RawOption {
  name: string;
  type: number;
  value?: string | number | boolean;
  focused?: boolean;
  options?: RawOption[];
}

export interface RawComponent {
  type: number;
  custom_id?: string;
  value?: string;
  values?: string[];
  component?: RawComponent;
  components?: RawComponent[];
}

function userOf(raw: RawInteraction): UserRef {
  const u = raw.member?.user ?? raw.user!;
  const ref: UserRef = { platform: "discord", workspaceId: raw.guild_id ?? "dm", userId: u.id };
  const name = u.global_name ?? u.username;
  if (name) ref.displayName = name;
  return ref;
}

function admin(raw: RawInteraction): boolean {
  const bits = raw.member?.permissions;
  if (!bits || !/^\d+$/.test(bits)) return false; // not a permission bitfield: no admin rights
  const value = BigInt(bits);
  return (
    (value & PermissionFlagsBits.ManageGuild) === PermissionFlagsBits.ManageGuild ||
    (value & PermissionFlagsBits.Administrator) === PermissionFlagsBits.Administrator
  );
}

function base(raw: RawInteraction, receivedAt: Date) {
  const out = { platform: "discord" as const, user: userOf(raw), platformAdmin: admin(raw), receivedAt, raw } as {
    platform: "discord";
    user: UserRef;
    platformAdmin: boolean;
    receivedAt: Date;
    raw: unknown;
    channel?: { platform: "discord"; channelId: string };
  };
  if (raw.channel_id) out.channel = { platform: "discord", channelId: raw.channel_id };
  return out;
}

/** Options that are objects; anything else in a tampered payload is ignored. */
const optionsOf = (list: unknown): RawOption[] =>
  Array.isArray(list) ? list.filter((o): o is RawOption => !!o && typeof o === "object" && typeof (o as RawOption).name === "string") : [];

/**
 * Positional string/number options in declaration order; the `args` option of `poll` and the
 * `options` of `export` are split like a shell line; a boolean option set to true is the flag of its name (`dry_run` → `--dry-run`), as
 * the same command reads in Slack.
 */
function argsOf(options: readonly RawOption[]): string[] {
  const args: string[] = [];
  for (const o of options) {
    if (o.type === 11) continue; // attachments travel separately
    if ((o.name === "args" || o.name === "options") && typeof o.value === "string") args.push(...splitCommandLine(o.value));
    else if (typeof o.value === "boolean") {
      if (o.value) args.push(`--${o.name.replace(/_/g, "-")}`);
    } else if (typeof o.value === "string" || typeof o.value === "number") args.push(String(o.value));
  }
  return args;
}

/**
 * A `/pairwise <subcommand>` interaction as a core command. `fetchFile` downloads an attachment
 * (the adapter supplies it, so parsing stays pure).
 */
export function parseChatInput(raw: RawInteraction, fetchFile: (url: string, maxBytes: number) => Promise<Buffer>, receivedAt = new Date()): CommandInvoked {
  const sub = optionsOf(raw.data?.options).find((o) => o.type === 1);
  const options = optionsOf(sub?.options);
  let args: string[];
  try {
    args = argsOf(options);
  } catch {
    args = [];
  }
  const event: CommandInvoked = { kind: "command", ...base(raw, receivedAt), subcommand: typeof sub?.name === "string" ? sub.name : "", args };
  const attachmentOption = options.find((o) => o.type === 11);
  const attachment = attachmentOption ? raw.data?.resolved?.attachments?.[String(attachmentOption.value)] : undefined;
  if (attachment)
    event.attachment = { name: attachment.filename, url: attachment.url, size: attachment.size, fetch: (maxBytes) => fetchFile(attachment.url, maxBytes) };
  return event;
}

/** A button click as a core event, or undefined for an id that is not ours. */
export function parseButton(raw: RawInteraction, receivedAt = new Date()): ActionInvoked | undefined {
  const action = raw.data?.custom_id ? tryParseAction(raw.data.custom_id) : undefined;
  if (!action) return undefined;
  const event: ActionInvoked = { kind: "action", ...base(raw, receivedAt), action };
  if (raw.message) event.message = { platform: "discord", channelId: raw.message.channel_id, messageId: raw.message.id };
  return event;
}

/** Modal values by field id, from both the Label (type 18) and the legacy action-row shapes. */
export function modalValues(components: readonly RawComponent[] = []): FormValues {
  const out: FormValues = {};
  const visit = (c: RawComponent | null | undefined) => {
    // Anything that is not a component object (a tampered payload) is skipped.
    if (!c || typeof c !== "object") return;
    if (c.component) visit(c.component);
    if (Array.isArray(c.components)) for (const child of c.components) visit(child);
    if (typeof c.custom_id !== "string" || !c.custom_id) return;
    if (c.type === 4) out[c.custom_id] = typeof c.value === "string" ? c.value : "";
    else if (Array.isArray(c.values)) {
      const values = c.values.filter((v): v is string => typeof v === "string");
      out[c.custom_id] = c.type === 3 && values.length <= 1 ? (values[0] ?? undefined) : values;
    }
  };
  if (Array.isArray(components)) components.forEach(visit);
  return out;
}

export function parseModalSubmit(raw: RawInteraction, receivedAt = new Date()): FormSubmitted | undefined {
  const form = raw.data?.custom_id ? tryParseAction(raw.data.custom_id) : undefined;
  if (!form) return undefined;
  return { kind: "form_submitted", ...base(raw, receivedAt), form, values: modalValues(raw.data?.components) };
}

export function parseAutocomplete(raw: RawInteraction, receivedAt = new Date()): AutocompleteRequested {
  const sub = optionsOf(raw.data?.options).find((o) => o.type === 1);
  const focused = optionsOf(sub?.options ?? raw.data?.options).find((o) => o.focused);
  return { kind: "autocomplete", ...base(raw, receivedAt), option: focused?.name ?? "", query: String(focused?.value ?? "") };
}
