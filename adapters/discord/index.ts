import { randomUUID } from "node:crypto";
import { AttachmentBuilder, Client, DiscordAPIError, Events, GatewayIntentBits, Routes, type Interaction, type RESTOptions, type SendableChannels } from "discord.js";
import { parseAction } from "../../src/core/action-ids.js";
import { DEFAULT_POST_RETRY, withBackoff, type RetryPolicy } from "../../src/core/channel-posts/retry-policy.js";
import type { ChannelRef, ChatPlatform, Destination, InboundHandler, MessageRef, PlatformCapabilities, PostedMessage, PostOptions } from "../../src/core/platform.js";
import type { FileUpload, MessageView } from "../../src/core/views.js";
import type { Logger } from "../../src/logger.js";
import { pairwiseCommand } from "./commands.js";
import { parseAutocomplete, parseButton, parseChatInput, parseModalSubmit, type RawInteraction } from "./parse.js";
import { carryOut, FormDrafts, type RepliableInteraction } from "./reply.js";
import { renderMessage, renderModal } from "./render.js";
import { ownMessagesSince } from "./history.js";
import { discordSendError } from "./send-errors.js";
import { SeenInteractions } from "./seen-interactions.js";

export interface DiscordAdapterOptions {
  botToken: string;
  applicationId: string;
  /** Register the command in this guild (instant) instead of globally. */
  guildId?: string;
  /** Base URL of the REST API (DISCORD_API_URL); the gateway URL comes from its /gateway/bot. */
  apiUrl?: string;
  logger: Logger;
  /** Extra REST options (tests: fewer retries, a short timeout). */
  restOptions?: Partial<RESTOptions>;
  /** Retries of a message edit after the REST client's own (default `DEFAULT_POST_RETRY`; tests shorten it). */
  postRetry?: RetryPolicy;
}

/**
 * The Discord adapter: a discord.js Client with the Guilds intent only, answering interactions
 * from the gateway. Raw INTERACTION_CREATE payloads are parsed (pure, Discord's documented shape);
 * discord.js's interaction objects are used to respond.
 */
export class DiscordAdapter implements ChatPlatform {
  readonly name = "discord" as const;
  readonly capabilities: PlatformCapabilities = { ephemeralOutsideInteraction: false, maxFormFields: 5, maxTextInput: 4000, threads: true, minPostIntervalMs: 0, newMessageAfterUpdate: true };
  readonly client: Client;
  private readonly raw = new Map<string, RawInteraction>();
  private readonly drafts = new FormDrafts();
  private readonly seen = new SeenInteractions();
  /** Messages this process started a thread from (their thread has their id). */
  private readonly startedThreads = new Set<string>();

  constructor(private readonly options: DiscordAdapterOptions) {
    const rest: Partial<RESTOptions> = { ...options.restOptions };
    if (options.apiUrl) rest.api = options.apiUrl.replace(/\/$/, "");
    this.client = new Client({ intents: [GatewayIntentBits.Guilds], rest });
  }

  async start(handler: InboundHandler): Promise<void> {
    const { client, logger } = { client: this.client, logger: this.options.logger };
    client.on(Events.Raw, (packet: { t?: string; d?: RawInteraction }) => {
      if (packet.t === "INTERACTION_CREATE" && packet.d) {
        this.raw.set(packet.d.id, packet.d);
        setTimeout(() => this.raw.delete(packet.d!.id), 60_000).unref();
      }
    });
    client.on(Events.InteractionCreate, (interaction) => void this.onInteraction(interaction, handler));
    client.on(Events.Error, (error) => logger.error({ err: error }, "discord client error"));
    const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
    await client.login(this.options.botToken);
    await ready;
    await registerCommands(this.client, this.options);
    logger.info({ user: client.user?.tag, guild: this.options.guildId ?? "global" }, "Discord adapter ready");
  }

  async stop(): Promise<void> {
    await this.client.destroy();
  }

  private async onInteraction(interaction: Interaction, handler: InboundHandler): Promise<void> {
    const raw = this.raw.get(interaction.id);
    const logger = this.options.logger;
    if (!this.seen.firstTime(interaction.id)) return void logger.warn({ id: interaction.id }, "interaction delivered twice (a gateway replay); served once");
    if (!raw) return void logger.warn({ id: interaction.id }, "interaction without its raw payload; dropped");
    try {
      if (interaction.isAutocomplete()) {
        const reply = await handler(parseAutocomplete(raw));
        await interaction.respond(reply.kind === "choices" ? reply.choices.slice(0, 25) : []);
        return;
      }
      if (interaction.isChatInputCommand()) {
        const event = parseChatInput(raw, (url, maxBytes) => this.download(url, maxBytes));
        await carryOut(interaction, await handler(event), this.drafts, logger);
        return;
      }
      if (interaction.isButton()) {
        const reopen = this.reopenDraft(interaction.customId);
        if (reopen) {
          await interaction.showModal(renderModal(reopen));
          return;
        }
        const event = parseButton(raw);
        if (!event) {
          await interaction.reply({ content: "This button is not one Pairwise made. Use the latest message.", flags: 64 });
          return;
        }
        await carryOut(interaction, await handler(event), this.drafts, logger);
        return;
      }
      if (interaction.isModalSubmit()) {
        const event = parseModalSubmit(raw);
        if (!event) return void (await interaction.reply({ content: "This form is not one Pairwise made.", flags: 64 }));
        await carryOut(interaction as RepliableInteraction, await handler(event), this.drafts, logger);
      }
    } catch (error) {
      logger.error({ err: error, id: interaction.id }, "discord interaction failed");
      if (interaction.isRepliable() && !interaction.replied && !interaction.deferred) {
        await interaction.reply({ content: "Something went wrong on our side and nothing was changed. Please try again.", flags: 64 }).catch(() => undefined);
      }
    }
  }

  /** The draft a "Fix and resubmit" button stands for, if it is one. */
  private reopenDraft(customId: string) {
    try {
      const action = parseAction(customId);
      return action.verb === "reopen_form" ? this.drafts.get(action.draftId) : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * Downloads an attachment the user sent with a command, refusing more than `maxBytes` whatever
   * the declared size said: the download stops as soon as it passes the limit.
   */
  private async download(url: string, maxBytes: number): Promise<Buffer> {
    const res = await fetch(url);
    if (!res.ok || !res.body) throw new Error(`attachment download failed: HTTP ${res.status}`);
    const tooLarge = () => new Error(`the attachment is larger than ${maxBytes} bytes`);
    if (Number(res.headers.get("content-length") ?? 0) > maxBytes) {
      await res.body.cancel();
      throw tooLarge();
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of res.body) {
      size += chunk.length;
      if (size > maxBytes) throw tooLarge();
      chunks.push(chunk);
    }
    return Buffer.concat(chunks);
  }

  /**
   * Where a post goes. Into a message's thread: Discord has no thread until one is started from the
   * message (POST /channels/{channel.id}/messages/{message.id}/threads), and the thread then has the
   * message's id (docs.discord.com/developers/resources/channel#start-thread-from-message); Slack's
   * `thread_ts` needs no such step, so the core asks for "the thread of this message" and the start
   * happens here, once: a second start answers 160004 and the thread is already there.
   */
  private async channel(to: Destination, threadName: string): Promise<SendableChannels> {
    if (to.kind === "direct") return this.client.users.createDM(to.user.userId);
    const id = to.thread ? await this.threadOf(to.thread, threadName) : to.channel.channelId;
    const channel = await this.client.channels.fetch(id);
    if (!channel || !channel.isSendable()) throw new Error(`channel ${id} cannot take messages`);
    return channel;
  }

  async postMessage(to: Destination, view: MessageView, options?: PostOptions): Promise<MessageRef> {
    if (!options) {
      try {
        const channel = await this.channel(to, view.text);
        // A nonce of its own: discord.js's retry of a 5xx whose message went in gets that message back.
        const sent = await channel.send({ ...renderMessage(view), nonce: randomNonce(), enforceNonce: true });
        return { platform: "discord", channelId: sent.channelId, messageId: sent.id };
      } catch (error) {
        // Failures say what is known (Missing Access is final), as with PostOptions.
        throw discordSendError(error);
      }
    }
    try {
      const channel = await this.channel(to, view.text);
      // With the nonce enforced, Discord answers a repeat (the REST client's own retry of a 5xx
      // whose message went in) with the message already made instead of a second one.
      const sent = await channel.send({ ...renderMessage(view), nonce: options.idempotencyKey, enforceNonce: true });
      return { platform: "discord", channelId: sent.channelId, messageId: sent.id };
    } catch (error) {
      throw discordSendError(error);
    }
  }

  async recentOwnMessages(channel: ChannelRef, since: Date): Promise<PostedMessage[]> {
    const self = this.client.user?.id;
    if (!self) throw new Error("the Discord client is not logged in");
    return ownMessagesSince(this.client.rest, self, channel, since);
  }

  async updateMessage(message: MessageRef, view: MessageView): Promise<void> {
    const rendered = renderMessage(view);
    const body = { content: rendered.content ?? "", embeds: rendered.embeds.map((e) => e.toJSON()), components: rendered.components.map((c) => c.toJSON()) };
    // An edit is idempotent: past the REST client's own quick retries, try again with backoff,
    // unless Discord refused it (a 4xx).
    await withBackoff(this.options.postRetry ?? DEFAULT_POST_RETRY, () => this.client.rest.patch(Routes.channelMessage(message.channelId, message.messageId), { body }), (error) => {
      const failure = discordSendError(error);
      return { final: failure.outcome === "refused", ...(failure.retryAfterMs !== undefined ? { retryAfterMs: failure.retryAfterMs } : {}) };
    });
  }

  async uploadFile(to: Destination, file: FileUpload, comment?: string): Promise<void> {
    const channel = await this.channel(to, file.title ?? comment ?? file.name);
    await channel.send({ ...(comment ? { content: comment.slice(0, 2000) } : {}), files: [new AttachmentBuilder(file.data, { name: file.name })] });
  }

  async channelWorkspace(channel: ChannelRef): Promise<string | undefined> {
    // The Guilds intent keeps every guild channel in the cache; a channel elsewhere is fetched once.
    const found = this.client.channels.cache.get(channel.channelId) ?? (await this.client.channels.fetch(channel.channelId).catch(() => null));
    return found && "guildId" in found && found.guildId ? found.guildId : undefined;
  }

  /** The id of the thread started from `message`, starting it first when it has none (one thread a message). */
  private async threadOf(message: MessageRef, name: string): Promise<string> {
    if (this.startedThreads.has(message.messageId)) return message.messageId;
    try {
      const thread = (await this.client.rest.post(Routes.threads(message.channelId, message.messageId), { body: { name: threadName(name), auto_archive_duration: 1440 } })) as { id: string };
      this.startedThreads.add(message.messageId);
      return thread.id;
    } catch (error) {
      // 160004: "A thread has already been created for this message" (before a restart); it has the message's id.
      if (error instanceof DiscordAPIError && error.code === 160004) {
        this.startedThreads.add(message.messageId);
        return message.messageId;
      }
      throw error;
    }
  }

  async startThread(message: MessageRef, name: string, view: MessageView): Promise<MessageRef> {
    const threadId = await this.threadOf(message, name);
    const sent = (await this.client.rest.post(Routes.channelMessages(threadId), { body: toJson(renderMessage(view)) })) as { id: string };
    return { platform: "discord", channelId: threadId, messageId: sent.id };
  }
}

/** A thread name as Discord takes it: 1 to 100 characters, one line. */
function threadName(name: string): string {
  const line = name.replace(/\s+/g, " ").trim() || "Discussion";
  return line.length <= 100 ? line : `${line.slice(0, 99)}…`;
}

function toJson(m: ReturnType<typeof renderMessage>) {
  return { content: m.content ?? "", embeds: m.embeds.map((e) => e.toJSON()), components: m.components.map((c) => c.toJSON()) };
}

/** Registers `/pairwise` (bulk overwrite): in one guild when `guildId` is set (instant), else globally. */
export async function registerCommands(client: Client, options: Pick<DiscordAdapterOptions, "applicationId" | "guildId">): Promise<void> {
  const route = options.guildId ? Routes.applicationGuildCommands(options.applicationId, options.guildId) : Routes.applicationCommands(options.applicationId);
  await client.rest.put(route, { body: [pairwiseCommand()] });
}

export function createDiscordAdapter(options: DiscordAdapterOptions): DiscordAdapter {
  return new DiscordAdapter(options);
}

/** A fresh message nonce (Discord allows 25 characters). */
function randomNonce(): string {
  return randomUUID().replaceAll("-", "").slice(0, 25);
}
