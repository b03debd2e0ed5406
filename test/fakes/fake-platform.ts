import type { ChannelRef, ChatPlatform, Destination, InboundHandler, MessageRef, PlatformCapabilities, PlatformName } from "../../src/core/platform.js";
import type { FileUpload, MessageView } from "../../src/core/views.js";
import { PlatformSendError } from "../../src/core/platform-errors.js";

export type FakeCall =
  | { method: "postMessage"; to: Destination; view: MessageView; ref: MessageRef }
  | { method: "updateMessage"; message: MessageRef; view: MessageView }
  | { method: "uploadFile"; to: Destination; file: FileUpload; comment?: string }
  | { method: "startThread"; message: MessageRef; name: string; view: MessageView };

/**
 * A recording ChatPlatform for integration tests: every outbound call is kept in `calls`, and
 * `emit` pushes an inbound event through the core exactly as an adapter would.
 */
export class FakePlatform implements ChatPlatform {
  readonly calls: FakeCall[] = [];
  /** The workspace (guild) of each channel this platform knows, for `channelWorkspace`. */
  readonly workspaces = new Map<string, string>();
  /** Channels the bot is not in: a post there is refused for good, as Slack's `not_in_channel`. */
  readonly noAccess = new Set<string>();
  /** Every send attempt, refused ones included. */
  attempts = 0;
  private handler: InboundHandler | undefined;
  private nextId = 1;

  constructor(
    readonly name: PlatformName = "slack",
    readonly capabilities: PlatformCapabilities = {
      ephemeralOutsideInteraction: true,
      maxFormFields: 100,
      maxTextInput: 3000,
      threads: true,
      minPostIntervalMs: 0,
    },
  ) {}

  async start(handler: InboundHandler): Promise<void> {
    this.handler = handler;
  }
  async stop(): Promise<void> {
    this.handler = undefined;
  }
  async postMessage(to: Destination, view: MessageView): Promise<MessageRef> {
    this.attempts++;
    if (to.kind === "channel" && this.noAccess.has(to.channel.channelId))
      throw new PlatformSendError("refused", "Slack answered not_in_channel", undefined, { noAccess: true });
    const channelId = to.kind === "channel" ? to.channel.channelId : `D-${to.user.userId}`;
    const ref: MessageRef = { platform: this.name, channelId, messageId: `m${this.nextId++}` };
    this.calls.push({ method: "postMessage", to, view, ref });
    return ref;
  }
  async updateMessage(message: MessageRef, view: MessageView): Promise<void> {
    this.calls.push({ method: "updateMessage", message, view });
  }
  async uploadFile(to: Destination, file: FileUpload, comment?: string): Promise<void> {
    this.calls.push(comment === undefined ? { method: "uploadFile", to, file } : { method: "uploadFile", to, file, comment });
  }
  async channelWorkspace(channel: ChannelRef): Promise<string | undefined> {
    return this.workspaces.get(channel.channelId);
  }
  async startThread(message: MessageRef, name: string, view: MessageView): Promise<MessageRef> {
    this.calls.push({ method: "startThread", message, name, view });
    return { ...message, messageId: `t${this.nextId++}` };
  }

  /** Sends an inbound event through the core, as the adapter would. */
  emit: InboundHandler = async (event) => {
    if (!this.handler) throw new Error("FakePlatform not started");
    return this.handler(event);
  };

  of<M extends FakeCall["method"]>(method: M): Extract<FakeCall, { method: M }>[] {
    return this.calls.filter((c): c is Extract<FakeCall, { method: M }> => c.method === method);
  }
}
