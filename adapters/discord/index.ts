import { randomUUID } from "node:crypto";
import {
  AttachmentBuilder,
  Client,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  Routes,
  type Interaction,
  type RESTOptions,
  type SendableChannels,
} from "discord.js";
import {
  type ChannelRef,
  type ChatPlatform,
  DEFAULT_POST_RETRY,
  type Destination,
  ExpiringKeys,
  type FileUpload,
  type InboundHandler,
  type MessageRef,
  type MessageView,
  type PlatformCapabilities,
  type PostedMessage,
  type PostOptions,
  type RetryPolicy,
  type SeenRequests,
  withBackoff,
} from "../../src/core/port.js";
import type { Logger } from "../../src/logger.js";
import { pairwiseCommand } from "./commands.js";
import type { HealthProbe } from "../../src/health.js";
import type { RawInteraction } from "./parse.js";
import { FormDrafts } from "./reply.js";
import { renderMessage } from "./render.js";
import { HttpResponder, gatewayResponder } from "./responder.js";
import { InteractionsEndpoint } from "./interactions-endpoint.js";
import { serveInteraction, type ServeDeps } from "./serve-interaction.js";
import { discordPublicKey } from "./signed-request.js";
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
  /**
   * Log in to the gateway (default true). Off, the adapter uses REST alone: interactions then come
   * only through the Interactions Endpoint (`interactions`), which must be set.
   */
  gateway?: boolean;
  /** Serve Discord's Interactions Endpoint URL: HTTP POSTs signed with the application's key. */
  interactions?: {
    /** The application's public key, 64 hex digits (DISCORD_PUBLIC_KEY). */
    publicKey: string;
    /** DISCORD_INTERACTIONS_PORT (0: any free port, for tests). */
    port: number;
    host?: string;
    /** The replay guard (default: in memory); the bot passes one kept in the database. */
    seenRequests?: SeenRequests;
    /** Answer /healthz and /readyz on the endpoint's port too. */
    health?: HealthProbe;
  };
  /** Extra REST options (tests: fewer retries, a short timeout). */
  restOptions?: Partial<RESTOptions>;
  /** Retries of a message edit after the REST client's own (default `DEFAULT_POST_RETRY`; tests shorten it). */
  postRetry?: RetryPolicy;
}

/**
 * The Discord adapter: a discord.js Client with the Guilds intent only, answering interactions
 * from the gateway, from the Interactions Endpoint (signed HTTP POSTs), or both. Raw interaction
 * payloads are parsed (pure, Discord's documented shape) and served by one code path
 * (serve-interaction.ts); only the way the answer goes out differs (responder.ts). Outbound
 * messages go over REST with the bot token, which needs no gateway connection.
 */
export class DiscordAdapter implements ChatPlatform {
  readonly name = "discord" as const;
  readonly capabilities: PlatformCapabilities = {
    ephemeralOutsideInteraction: false,
    maxFormFields: 5,
    maxTextInput: 4000,
    threads: true,
    minPostIntervalMs: 0,
    newMessageAfterUpdate: true,
  };
  readonly client: Client;
  private readonly raw = new Map<string, RawInteraction>();
  private readonly drafts = new FormDrafts();
  private readonly seen = new SeenInteractions();
  /** Messages this process started a thread from (their thread has their id). */
  private readonly startedThreads = new Set<string>();
  private endpoint: InteractionsEndpoint | undefined;
  /** DM channels opened without the gateway (discord.js's own lookup needs a logged-in user). */
  private readonly dmChannels = new Map<string, SendableChannels>();
  /** The bot's own user id (from READY, or GET /users/@me without the gateway). */
  private selfId: string | undefined;

  constructor(private readonly options: DiscordAdapterOptions) {
    const rest: Partial<RESTOptions> = { ...options.restOptions };
    if (options.apiUrl) rest.api = options.apiUrl.replace(/\/$/, "");
    this.client = new Client({ intents: [GatewayIntentBits.Guilds], rest });
  }

  async start(handler: InboundHandler): Promise<void> {
    const { client, logger } = { client: this.client, logger: this.options.logger };
    const deps = { handler, drafts: this.drafts, logger, download: (url: string, maxBytes: number) => this.download(url, maxBytes) };
    if (this.options.gateway ?? true) {
      client.on(Events.Raw, (packet: { t?: string; d?: RawInteraction }) => {
        if (packet.t === "INTERACTION_CREATE" && packet.d) {
          this.raw.set(packet.d.id, packet.d);
          setTimeout(() => this.raw.delete(packet.d!.id), 60_000).unref();
        }
      });
      client.on(Events.InteractionCreate, (interaction) => void this.onInteraction(interaction, deps));
      client.on(Events.Error, (error) => logger.error({ err: error }, "discord client error"));
      const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
      await client.login(this.options.botToken);
      await ready;
      this.selfId = client.user?.id;
    } else {
      // No gateway: REST alone, with the bot token (what login would have set), and who we are from it.
      client.rest.setToken(this.options.botToken);
      this.selfId = ((await client.rest.get(Routes.user("@me"))) as { id: string }).id;
    }
    await registerCommands(this.client, this.options);
    const endpoint = this.options.interactions;
    if (endpoint) {
      this.endpoint = new InteractionsEndpoint({
        publicKey: discordPublicKey(endpoint.publicKey),
        seenRequests: endpoint.seenRequests ?? new ExpiringKeys(),
        logger,
        ...(endpoint.health ? { health: endpoint.health } : {}),
        responder: (raw) =>
          new HttpResponder({ type: raw.type, token: raw.token!, ...(raw.message ? { message: raw.message } : {}) }, client.rest, this.options.applicationId),
        serve: (raw, responder) =>
          this.seen.firstTime(raw.id)
            ? serveInteraction(raw, responder, deps)
            : Promise.resolve(logger.warn({ id: raw.id }, "interaction delivered twice; served once")),
      });
      await this.endpoint.start(endpoint.port, endpoint.host);
    }
    logger.info(
      { guild: this.options.guildId ?? "global", gateway: this.options.gateway ?? true, endpointPort: this.endpoint?.port ?? "off" },
      "Discord adapter ready",
    );
  }

  /** The port the Interactions Endpoint listens on (tests ask for port 0), if it is on. */
  get endpointPort(): number | undefined {
    return this.endpoint?.port;
  }

  async stop(): Promise<void> {
    await this.endpoint?.stop();
    await this.client.destroy();
  }

  private async onInteraction(interaction: Interaction, deps: ServeDeps): Promise<void> {
    const raw = this.raw.get(interaction.id);
    const logger = this.options.logger;
    if (!this.seen.firstTime(interaction.id)) return void logger.warn({ id: interaction.id }, "interaction delivered twice (a gateway replay); served once");
    if (!raw) return void logger.warn({ id: interaction.id }, "interaction without its raw payload; dropped");
    await serveInteraction(raw, gatewayResponder(interaction), deps);
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
    if (to.kind === "direct") {
      if (this.options.gateway ?? true) return this.client.users.createDM(to.user.userId);
      // Without a login discord.js has no client.user to look its DM cache up with: open the DM
      // over REST (force) once, and keep the channel here.
      const known = this.dmChannels.get(to.user.userId);
      if (known) return known;
      const dm = await this.client.users.createDM(to.user.userId, { force: true });
      this.dmChannels.set(to.user.userId, dm);
      return dm;
    }
    const id = to.thread ? await this.threadOf(to.thread, threadName) : to.channel.channelId;
    // Without the gateway no guild is cached: take the channel as REST returns it.
    const channel = await this.client.channels.fetch(id, { allowUnknownGuild: !(this.options.gateway ?? true) });
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
    const self = this.selfId;
    if (!self) throw new Error("the Discord adapter has not started");
    return ownMessagesSince(this.client.rest, self, channel, since);
  }

  async updateMessage(message: MessageRef, view: MessageView): Promise<void> {
    const rendered = renderMessage(view);
    const body = { content: rendered.content ?? "", embeds: rendered.embeds.map((e) => e.toJSON()), components: rendered.components.map((c) => c.toJSON()) };
    // An edit is idempotent: past the REST client's own quick retries, try again with backoff,
    // unless Discord refused it (a 4xx).
    await withBackoff(
      this.options.postRetry ?? DEFAULT_POST_RETRY,
      () => this.client.rest.patch(Routes.channelMessage(message.channelId, message.messageId), { body }),
      (error) => {
        const failure = discordSendError(error);
        return { final: failure.outcome === "refused", ...(failure.retryAfterMs !== undefined ? { retryAfterMs: failure.retryAfterMs } : {}) };
      },
    );
  }

  async uploadFile(to: Destination, file: FileUpload, comment?: string): Promise<void> {
    const channel = await this.channel(to, file.title ?? comment ?? file.name);
    await channel.send({ ...(comment ? { content: comment.slice(0, 2000) } : {}), files: [new AttachmentBuilder(file.data, { name: file.name })] });
  }

  async channelWorkspace(channel: ChannelRef): Promise<string | undefined> {
    // The Guilds intent keeps every guild channel in the cache; a channel elsewhere is fetched once.
    const found =
      this.client.channels.cache.get(channel.channelId) ??
      (await this.client.channels.fetch(channel.channelId, { allowUnknownGuild: !(this.options.gateway ?? true) }).catch(() => null));
    return found && "guildId" in found && found.guildId ? found.guildId : undefined;
  }

  /** The id of the thread started from `message`, starting it first when it has none (one thread a message). */
  private async threadOf(message: MessageRef, name: string): Promise<string> {
    if (this.startedThreads.has(message.messageId)) return message.messageId;
    try {
      const thread = (await this.client.rest.post(Routes.threads(message.channelId, message.messageId), {
        body: { name: threadName(name), auto_archive_duration: 1440 },
      })) as { id: string };
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
async function registerCommands(client: Client, options: Pick<DiscordAdapterOptions, "applicationId" | "guildId">): Promise<void> {
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
