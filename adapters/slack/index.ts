import type { AddressInfo } from "node:net";
import { App } from "@slack/bolt";
import type { WebClient, WebClientOptions } from "@slack/web-api";
import type { ChatPlatform, Destination, InboundHandler, MessageRef, PlatformCapabilities } from "../../src/core/platform.js";
import type { FileUpload, MessageView } from "../../src/core/views.js";
import type { Logger } from "../../src/logger.js";
import { boltLogger } from "./bolt-logger.js";
import { registerListeners } from "./listeners.js";
import { renderMessage } from "./render.js";

export interface SlackAdapterOptions {
  botToken: string;
  signingSecret: string;
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
  /** Extra WebClient options (tests: a short retry policy). */
  clientOptions?: Partial<WebClientOptions>;
}

/**
 * The Slack adapter: a Bolt App in HTTP mode (signed requests on `/slack/events`) or Socket Mode,
 * translating payloads into core events and core replies into Block Kit and Web API calls.
 */
export class SlackAdapter implements ChatPlatform {
  readonly name = "slack" as const;
  readonly capabilities: PlatformCapabilities = { ephemeralOutsideInteraction: true, maxFormFields: 20, maxTextInput: 3000, threads: true, minPostIntervalMs: 1000 };
  readonly app: App;
  /** The bound HTTP port once started (HTTP mode). */
  port: number | undefined;
  private readonly dmChannels = new Map<string, string>();

  constructor(private readonly options: SlackAdapterOptions) {
    const clientOptions: WebClientOptions = { ...options.clientOptions };
    if (options.apiUrl) clientOptions.slackApiUrl = options.apiUrl.endsWith("/") ? options.apiUrl : `${options.apiUrl}/`;
    this.app = new App({
      token: options.botToken,
      signingSecret: options.signingSecret,
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
    const server = (await this.app.start(this.options.port)) as { address(): AddressInfo | string | null };
    const address = server.address();
    this.port = typeof address === "object" && address ? address.port : this.options.port;
    this.options.logger.info({ port: this.port }, "Slack adapter listening on /slack/events");
  }

  async stop(): Promise<void> {
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

  async postMessage(to: Destination, view: MessageView): Promise<MessageRef> {
    const { text, blocks } = renderMessage(view);
    const channel = to.kind === "direct" ? to.user.userId : to.channel.channelId;
    const res = await this.client.chat.postMessage({ channel, text, blocks, ...(to.kind === "channel" && to.thread ? { thread_ts: to.thread.messageId } : {}) });
    return { platform: "slack", channelId: res.channel ?? channel, messageId: res.ts ?? "" };
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
