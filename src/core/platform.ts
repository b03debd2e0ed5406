import type { FileUpload, FormView, MessageView } from "./views.js";
import type { InboundEvent, Reply } from "./events.js";

/** The chat platforms Pairwise speaks, plus the terminal playground. */
export type PlatformName = "slack" | "discord" | "terminal";

/** A channel (Slack channel or DM, Discord text channel) on one platform. */
export interface ChannelRef {
  platform: PlatformName;
  channelId: string;
}

/** A message the bot posted and may edit later: Slack `ts`, Discord snowflake. */
export interface MessageRef extends ChannelRef {
  messageId: string;
}

/** A person on one platform. `workspaceId` is the Slack team or the Discord guild. */
export interface UserRef {
  platform: PlatformName;
  workspaceId: string;
  userId: string;
  displayName?: string;
}

/** Where a private message goes when no interaction is at hand: a DM on every platform. */
export interface DirectTarget {
  kind: "direct";
  user: UserRef;
}

/** A channel post. */
export interface ChannelTarget {
  kind: "channel";
  channel: ChannelRef;
  /** Post in the thread of this message (Slack thread, Discord thread started from the message). */
  thread?: MessageRef;
}

export type Destination = DirectTarget | ChannelTarget;

/** What a platform can do, so the core chooses fallbacks instead of the adapters faking features. */
export interface PlatformCapabilities {
  /** Slack: true (`chat.postEphemeral`). Discord: false, ephemeral exists only as an interaction reply. */
  readonly ephemeralOutsideInteraction: boolean;
  /** Most fields a form (modal) can hold in one step. Slack: 100 blocks; Discord: 5 components. */
  readonly maxFormFields: number;
  /** Longest text a single form text input accepts. Slack 3000, Discord 4000. */
  readonly maxTextInput: number;
  /** Whether a posted message can start a discussion thread. */
  readonly threads: boolean;
  /** Pause between bulk channel posts (Slack allows about one message a second per channel). */
  readonly minPostIntervalMs: number;
}

/** Called by an adapter for every inbound event; resolves to what the adapter should answer. */
export type InboundHandler = (event: InboundEvent) => Promise<Reply>;

/**
 * The outbound port: what the core asks of a chat platform. Shaped by the core, not by an SDK;
 * adapters translate view models into Block Kit, discord.js builders or terminal text.
 *
 * Replies to interactions (a click, a command, a form) do not go through these members: the
 * dispatcher returns a {@link Reply} and the adapter answers the interaction with it within the
 * platform's 3-second deadline. These members are for messages the core starts itself: a card
 * sent to a DM, a channel post, an edit after a reveal, a chart upload.
 */
export interface ChatPlatform {
  readonly name: PlatformName;
  readonly capabilities: PlatformCapabilities;

  /** Connects and starts delivering inbound events to `handler`. */
  start(handler: InboundHandler): Promise<void>;

  /** Stops taking events; resolves when in-flight replies are sent. */
  stop(): Promise<void>;

  /** Posts a message (a DM or a channel post) and returns a reference to edit it later. */
  postMessage(to: Destination, view: MessageView): Promise<MessageRef>;

  /** Replaces the content of a message the bot posted earlier. */
  updateMessage(message: MessageRef, view: MessageView): Promise<void>;

  /**
   * Sends a file (a chart PNG, an export) to a destination, with an optional comment.
   * Slack: `files.uploadV2`; Discord: a message attachment.
   */
  uploadFile(to: Destination, file: FileUpload, comment?: string): Promise<void>;

  /** Starts a discussion thread under a message (capability `threads`) and posts `view` in it. */
  startThread?(message: MessageRef, name: string, view: MessageView): Promise<MessageRef>;
}

/** A form the core asks an adapter to open as the first response to an interaction. */
export type FormRequest = FormView;
