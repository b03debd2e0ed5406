import {
  Routes,
  type AttachmentBuilder,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  type ModalBuilder,
  type ModalSubmitInteraction,
  type REST,
} from "discord.js";

/** A message as the reply code builds it: builders (or JSON) for embeds and rows, files, flags. */
export interface ResponsePayload {
  content?: string;
  embeds?: unknown[];
  components?: unknown[];
  files?: AttachmentBuilder[];
  flags?: number;
}

/**
 * The ways an interaction can be answered, whichever way it arrived. Discord's initial response
 * (docs.discord.com/developers/interactions/receiving-and-responding#responding-to-an-interaction)
 * is `reply` (type 4), `deferReply` (5), `deferUpdate` (6), `update` (7), `autocomplete` (8) or
 * `showModal` (9); after it, `editReply` edits @original and `followUp` sends a further message,
 * both over REST with the interaction token. Over the gateway these go through discord.js's
 * interaction object; over the Interactions Endpoint the initial response is the HTTP answer.
 */
export interface InteractionResponder {
  /** Whether the initial response was given. */
  readonly acknowledged: boolean;
  /** A button click, or a modal submitted from a message's button: both can update that message (type 7). */
  readonly canUpdate: boolean;
  /** A slash command (a deferred answer to it is a new message, never an update). */
  readonly isCommand: boolean;
  /** A modal submit (a modal never answers a modal). */
  readonly isModalSubmit: boolean;
  reply(payload: ResponsePayload): Promise<void>;
  update(payload: ResponsePayload): Promise<void>;
  deferReply(flags: number): Promise<void>;
  deferUpdate(): Promise<void>;
  showModal(modal: ModalBuilder): Promise<void>;
  autocomplete(choices: readonly { name: string; value: string }[]): Promise<void>;
  editReply(payload: ResponsePayload): Promise<void>;
  followUp(payload: ResponsePayload): Promise<void>;
}

type Replyable = ChatInputCommandInteraction | ButtonInteraction | ModalSubmitInteraction;
/** discord.js's own option types for a payload (builders and files are what it takes). */
type ReplyOptions = Parameters<Replyable["reply"]>[0];
type EditOptions = Parameters<Replyable["editReply"]>[0];
type FollowUpOptions = Parameters<Replyable["followUp"]>[0];
type UpdateOptions = Parameters<ButtonInteraction["update"]>[0];

/** The gateway's way: discord.js's interaction object answers through the callback endpoint. */
export function gatewayResponder(interaction: Interaction): InteractionResponder {
  const i = interaction as Replyable;
  return {
    get acknowledged() {
      return interaction.isRepliable() ? interaction.deferred || interaction.replied : interaction.isAutocomplete() && interaction.responded;
    },
    canUpdate: interaction.isButton() || (interaction.isModalSubmit() && interaction.isFromMessage()),
    isCommand: interaction.isChatInputCommand(),
    isModalSubmit: interaction.isModalSubmit(),
    reply: async (p) => void (await i.reply(p as ReplyOptions)),
    update: async (p) => void (await (i as ButtonInteraction).update(p as UpdateOptions)),
    deferReply: async (flags) => void (await i.deferReply({ flags } as Parameters<Replyable["deferReply"]>[0])),
    deferUpdate: async () => void (await (i as ButtonInteraction).deferUpdate()),
    showModal: async (modal) => void (await (i as ButtonInteraction).showModal(modal)),
    autocomplete: async (choices) => void (interaction.isAutocomplete() ? await interaction.respond([...choices]) : undefined),
    editReply: async (p) => void (await i.editReply(p as EditOptions)),
    followUp: async (p) => void (await i.followUp(p as FollowUpOptions)),
  };
}

/** An initial response as JSON, with the files a multipart answer would carry. */
export interface InitialResponse {
  type: number;
  data?: Record<string, unknown>;
}

const json = (value: unknown): unknown =>
  value && typeof value === "object" && typeof (value as { toJSON?: unknown }).toJSON === "function" ? (value as { toJSON(): unknown }).toJSON() : value;

/** A payload as Discord's JSON (builders turned into their JSON), without its files. */
function payloadJson(p: ResponsePayload): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (p.content !== undefined) out.content = p.content;
  if (p.embeds) out.embeds = p.embeds.map(json);
  if (p.components) out.components = p.components.map(json);
  if (p.flags !== undefined) out.flags = p.flags;
  if (p.files?.length) out.attachments = p.files.map((f, id) => ({ id, filename: f.name, ...(f.description ? { description: f.description } : {}) }));
  return out;
}

function rawFiles(p: ResponsePayload) {
  return (p.files ?? []).map((f, i) => ({ key: `files[${i}]`, name: f.name ?? `file-${i}`, data: f.attachment as Buffer }));
}

/**
 * The Interactions Endpoint's way: the initial response becomes the HTTP answer (`initial`
 * resolves with it); the server writes it and calls `sent()`, and only then do later calls
 * (edits of @original, follow-ups) go over REST, so they never overtake the answer. A first reply
 * with files is a deferred reply (type 5) completed by an edit that carries them, so the HTTP
 * answer stays JSON (Discord fails multipart HTTP answers past about 150 KB, while an edit takes
 * files up to the upload limit: github.com/discord/discord-api-docs/issues/5250).
 */
export class HttpResponder implements InteractionResponder {
  acknowledged = false;
  readonly canUpdate: boolean;
  readonly isCommand: boolean;
  readonly isModalSubmit: boolean;
  /** The initial response, once given. */
  readonly initial: Promise<InitialResponse>;
  private give!: (response: InitialResponse) => void;
  private written!: () => void;
  private readonly wasSent: Promise<void>;

  constructor(
    private readonly raw: { type: number; token: string; message?: unknown; data?: { type?: number; component_type?: number } },
    private readonly rest: REST,
    private readonly applicationId: string,
  ) {
    this.initial = new Promise((resolve) => (this.give = resolve));
    this.wasSent = new Promise((resolve) => (this.written = resolve));
    this.isCommand = raw.type === 2;
    this.isModalSubmit = raw.type === 5;
    this.canUpdate = raw.type === 3 || (raw.type === 5 && !!raw.message);
  }

  /** The server wrote the HTTP answer (or the connection is gone): later REST calls may go. */
  sent(): void {
    this.written();
  }

  private async respond(response: InitialResponse): Promise<void> {
    if (this.acknowledged) throw new Error("this interaction was already answered");
    this.acknowledged = true;
    this.give(response);
    await this.wasSent;
  }

  async reply(p: ResponsePayload): Promise<void> {
    if (!p.files?.length) return this.respond({ type: 4, data: payloadJson(p) });
    await this.respond({ type: 5, data: p.flags !== undefined ? { flags: p.flags } : {} });
    await this.editReply({ ...p, flags: undefined } as ResponsePayload);
  }

  update(p: ResponsePayload): Promise<void> {
    return this.respond({ type: 7, data: payloadJson(p) });
  }

  deferReply(flags: number): Promise<void> {
    return this.respond({ type: 5, data: { flags } });
  }

  deferUpdate(): Promise<void> {
    return this.respond({ type: 6 });
  }

  showModal(modal: ModalBuilder): Promise<void> {
    return this.respond({ type: 9, data: modal.toJSON() as unknown as Record<string, unknown> });
  }

  autocomplete(choices: readonly { name: string; value: string }[]): Promise<void> {
    return this.respond({ type: 8, data: { choices: choices.slice(0, 25) } });
  }

  async editReply(p: ResponsePayload): Promise<void> {
    const { flags: _flags, ...rest } = p;
    await this.rest.patch(Routes.webhookMessage(this.applicationId, this.raw.token, "@original"), { body: payloadJson(rest), files: rawFiles(p), auth: false });
  }

  async followUp(p: ResponsePayload): Promise<void> {
    await this.rest.post(Routes.webhook(this.applicationId, this.raw.token), { body: payloadJson(p), files: rawFiles(p), auth: false });
  }
}
