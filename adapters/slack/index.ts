import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { App, HTTPReceiver } from "@slack/bolt";
import { WebClient, type WebClientOptions } from "@slack/web-api";
import {
  type ChannelRef,
  type ChatPlatform,
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
} from "../../src/core/port.js";
import type { HealthProbe } from "../../src/health.js";
import type { Logger } from "../../src/logger.js";
import { serveHealth } from "../health/http.js";
import { boltLogger } from "./bolt-logger.js";
import { registerListeners } from "./listeners.js";
import { renderMessage } from "./render.js";
import { actionIdsOfBlocks, ownMessagesSince, type BotIdentity } from "./history.js";
import { sendCardOnce, type CardSender } from "./send-card-once.js";
import { SLACK_POST_TIMEOUT_MS, SLACK_RETRY_POLICY } from "./retry.js";
import { slackSendError } from "./send-errors.js";
import { verifySlackRequest } from "./signed-request.js";

export interface SlackAdapterOptions {
  botToken: string;
  /** Verifies HTTP-mode requests; required without `appToken`. Socket Mode needs none. */
  signingSecret?: string;
  /** An `xapp-` token: Socket Mode instead of HTTP. */
  appToken?: string;
  /** HTTP receiver port; 0 picks a free one (tests), readable as `port` after start. */
  port: number;
  /** Base URL of the Web API (SLACK_API_URL): a proxy or a test server. */
  apiUrl?: string;
  logger: Logger;
  /** Known bot ids skip Bolt's auth.test at start. */
  botId?: string;
  botUserId?: string;
  /** Extra WebClient options (tests: a short retry policy). Default retries: `SLACK_RETRY_POLICY`. */
  clientOptions?: Partial<WebClientOptions>;
  /** Retries of a DM card whose send failed (default `DEFAULT_POST_RETRY`; tests shorten it). */
  postRetry?: RetryPolicy;
  /** HTTP mode: the signed requests already served (default: in memory only, forgotten at a restart). */
  seenRequests?: SeenRequests;
  /** HTTP mode: answer the health checks (`/healthz`, `/readyz`) on the receiver's port. */
  health?: HealthProbe;
}

/**
 * The Slack adapter: a Bolt App in HTTP mode (signed requests on `/slack/events`) or Socket Mode,
 * translating payloads into core events and core replies into Block Kit and Web API calls.
 */
export class SlackAdapter implements ChatPlatform {
  readonly name = "slack" as const;
  readonly capabilities: PlatformCapabilities = {
    ephemeralOutsideInteraction: true,
    maxFormFields: 20,
    maxTextInput: 3000,
    threads: true,
    minPostIntervalMs: 1000,
    newMessageAfterUpdate: true,
  };
  readonly app: App;
  /** The bound HTTP port once started (HTTP mode). */
  port: number | undefined;
  private readonly dmChannels = new Map<string, string>();
  private readonly receiver: HTTPReceiver | undefined;
  private server: Server | undefined;
  private readonly seenRequests: SeenRequests;
  /**
   * Sends channel posts: one attempt per call, no transport retry, and a 429 rejected at once
   * instead of waited out. chat.postMessage has no idempotency key, so a retry after a lost answer
   * would post twice; the core retries instead, after looking for the post.
   */
  private readonly postClient: WebClient;
  private identity: Promise<BotIdentity> | undefined;

  constructor(private readonly options: SlackAdapterOptions) {
    this.seenRequests = options.seenRequests ?? new ExpiringKeys();
    const clientOptions: WebClientOptions = { retryConfig: SLACK_RETRY_POLICY, ...options.clientOptions };
    if (options.apiUrl) clientOptions.slackApiUrl = options.apiUrl.endsWith("/") ? options.apiUrl : `${options.apiUrl}/`;
    this.postClient = new WebClient(options.botToken, {
      timeout: SLACK_POST_TIMEOUT_MS,
      ...clientOptions,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      logger: boltLogger(options.logger),
    });
    // HTTP mode keeps the receiver so the adapter can serve it behind a replay guard.
    if (!options.appToken) {
      if (!options.signingSecret) throw new Error("SLACK_SIGNING_SECRET is required in HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)");
      this.receiver = new HTTPReceiver({ signingSecret: options.signingSecret, endpoints: "/slack/events", logger: boltLogger(options.logger) });
    }
    this.app = new App({
      token: options.botToken,
      // Socket Mode: Bolt builds its SocketModeReceiver from the app token; no signing secret.
      ...(this.receiver ? { receiver: this.receiver } : {}),
      ...(options.appToken ? { socketMode: true, appToken: options.appToken } : {}),
      ...(options.botId ? { botId: options.botId } : {}),
      ...(options.botUserId ? { botUserId: options.botUserId } : {}),
      clientOptions,
      logger: boltLogger(options.logger),
    });
  }

  get client(): WebClient {
    return this.app.client;
  }

  async start(handler: InboundHandler): Promise<void> {
    registerListeners(this.app, handler, this, this.options.logger);
    if (this.options.appToken) {
      await this.app.start();
      return;
    }
    const server = createServer((req, res) => void this.serve(req, res));
    await new Promise<void>((resolve) => server.listen(this.options.port, resolve));
    this.server = server;
    const address = server.address() as AddressInfo | string | null;
    this.port = typeof address === "object" && address ? address.port : this.options.port;
    this.options.logger.info({ port: this.port }, "Slack adapter listening on /slack/events");
  }

  /**
   * HTTP mode: the health checks, then every request to /slack/events verified (signature and
   * 5-minute window) before anything about it is kept, then refused if it was served before (a
   * captured, validly signed request replayed inside the window), then handed to Bolt.
   */
  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (this.options.health && serveHealth(this.options.health, req, res)) return;
    if (req.method === "POST" && (req.url ?? "").split("?")[0] === "/slack/events") {
      const verdict = await verifySlackRequest(req, this.options.signingSecret!, Date.now());
      if (verdict.kind === "refused") {
        this.options.logger.debug({ reason: verdict.reason }, "refused a Slack request");
        res.writeHead(verdict.status).end();
        return;
      }
      if (verdict.kind === "signed" && !(await this.seenRequests.firstTime(verdict.key, verdict.expiresAt))) {
        this.options.logger.warn("refused a replayed Slack request");
        res.writeHead(401).end();
        return;
      }
    }
    this.receiver!.requestListener(req, res);
  }

  async stop(): Promise<void> {
    if (this.server) {
      // Stop taking connections; requests in flight finish (their votes commit) before this resolves.
      // A kept-alive connection goes as soon as its request is answered, not after its idle timeout.
      const server = this.server;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      const idle = setInterval(() => server.closeIdleConnections(), 20);
      server.closeIdleConnections();
      await closed.finally(() => clearInterval(idle));
      this.server = undefined;
      return;
    }
    await this.app.stop();
  }

  /** The DM channel with a user (cached), for uploads that need a channel id. */
  async dmChannel(userId: string): Promise<string> {
    const cached = this.dmChannels.get(userId);
    if (cached) return cached;
    const res = await this.client.conversations.open({ users: userId });
    const id = res.channel?.id;
    if (!id) throw new Error(`conversations.open gave no channel for ${userId}`);
    this.dmChannels.set(userId, id);
    return id;
  }

  async postMessage(to: Destination, view: MessageView, options?: PostOptions): Promise<MessageRef> {
    const { text, blocks } = renderMessage(view);
    const channel = to.kind === "direct" ? to.user.userId : to.channel.channelId;
    const args = { channel, text, blocks, ...(to.kind === "channel" && to.thread ? { thread_ts: to.thread.messageId } : {}) };
    if (!options) {
      // A card in a DM (it has buttons) is sent once however its answer is lost; notices keep the
      // WebClient's retries (a notice shown twice is harmless).
      const buttons = actionIdsOfBlocks(blocks);
      if (to.kind === "direct" && buttons.length > 0) return sendCardOnce(this.cardSender, args, buttons);
      // Failures say what is known (a refusal such as not_in_channel is final), as with PostOptions.
      const res = await this.client.chat.postMessage(args).catch((error: unknown) => Promise.reject(slackSendError(error)));
      return { platform: "slack", channelId: res.channel ?? channel, messageId: res.ts ?? "" };
    }
    // Slack has no idempotency key: the key only selects the send-once client.
    const res = await this.postClient.chat.postMessage(args).catch((error: unknown) => Promise.reject(slackSendError(error)));
    return { platform: "slack", channelId: res.channel ?? channel, messageId: res.ts ?? "" };
  }

  private get cardSender(): CardSender {
    return {
      postClient: this.postClient,
      listOwn: (channelId, since) => this.recentOwnMessages({ platform: "slack", channelId }, since),
      dmChannel: (userId) => this.dmChannel(userId),
      logger: this.options.logger,
      ...(this.options.postRetry ? { policy: this.options.postRetry } : {}),
    };
  }

  async recentOwnMessages(channel: ChannelRef, since: Date): Promise<PostedMessage[]> {
    return ownMessagesSince(this.client, await this.botIdentity(), channel, since);
  }

  /** The bot's ids: given at start, or asked of Slack once (auth.test). */
  private botIdentity(): Promise<BotIdentity> {
    if (this.options.botId || this.options.botUserId)
      return Promise.resolve({
        ...(this.options.botId ? { botId: this.options.botId } : {}),
        ...(this.options.botUserId ? { userId: this.options.botUserId } : {}),
      });
    this.identity ??= this.client.auth.test().then(
      (res) => ({ ...(res.bot_id ? { botId: res.bot_id } : {}), ...(res.user_id ? { userId: res.user_id } : {}) }),
      (error: unknown) => {
        this.identity = undefined; // asked again next time
        throw error;
      },
    );
    return this.identity;
  }

  async updateMessage(message: MessageRef, view: MessageView): Promise<void> {
    const { text, blocks } = renderMessage(view);
    await this.client.chat.update({ channel: message.channelId, ts: message.messageId, text, blocks });
  }

  async uploadFile(to: Destination, file: FileUpload, comment?: string): Promise<void> {
    const channel = to.kind === "direct" ? await this.dmChannel(to.user.userId) : to.channel.channelId;
    const base = { file: file.data, filename: file.name, title: file.title ?? file.name, ...(comment ? { initial_comment: comment } : {}) };
    if (to.kind === "channel" && to.thread) await this.client.filesUploadV2({ ...base, channel_id: channel, thread_ts: to.thread.messageId });
    else await this.client.filesUploadV2({ ...base, channel_id: channel });
  }

  async startThread(message: MessageRef, _name: string, view: MessageView): Promise<MessageRef> {
    return this.postMessage({ kind: "channel", channel: { platform: "slack", channelId: message.channelId }, thread: message }, view);
  }
}

export function createSlackAdapter(options: SlackAdapterOptions): SlackAdapter {
  return new SlackAdapter(options);
}
