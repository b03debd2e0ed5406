import type { FileUpload, MessageView } from "./views.js";
import type { InboundEvent, Reply } from "./events.js";
import type { PlatformName } from "../domain/platform-names.js";

/** The chat platforms Pairwise speaks, plus the terminal playground (declared in domain/platform-names). */
export type { PlatformName } from "../domain/platform-names.js";

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
interface DirectTarget {
  kind: "direct";
  user: UserRef;
}

/** A channel post. */
interface ChannelTarget {
  kind: "channel";
  channel: ChannelRef;
  /** Post in the thread of this message (Slack thread, Discord thread started from the message). */
  thread?: MessageRef;
}

export type Destination = DirectTarget | ChannelTarget;

/** What the core asks of a post it must be able to settle later (a channel post: intent recorded first). */
export interface PostOptions {
  /**
   * A key unique to this post, at most 25 characters. The adapter makes the send safe to repeat
   * where the platform offers it (Discord: `nonce` with `enforce_nonce`) and sends it exactly once,
   * without transport retries, where it does not (Slack has no idempotency key): the core decides
   * whether to send again, after looking on the platform ({@link ChatPlatform.recentOwnMessages}).
   * A failed send rejects with a `PlatformSendError` (core/platform-errors.ts) saying what is known.
   */
  idempotencyKey: string;
}

/** A message the bot posted, as the platform lists it back. */
export interface PostedMessage {
  message: MessageRef;
  /**
   * The action ids of the message's buttons (Slack `action_id`, Discord `custom_id`). They are the
   * core's own marks (core/action-ids.ts, e.g. a channel post's vote buttons carry its post id),
   * kept by both platforms with the message and invisible to people, so the core can tell which
   * post a message is.
   */
  actionIds: string[];
}

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
  /**
   * Whether the adapter carries out an update's `then` (a new message after the update): with it,
   * `Next` on a voted card keeps that card as a record of the vote and sends the next item as a
   * new message; without it, the card is edited into the next item.
   */
  readonly newMessageAfterUpdate?: boolean;
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

  /**
   * Posts a message (a DM or a channel post) and returns a reference to edit it later. With
   * `options` (a channel post whose intent the core recorded), see {@link PostOptions}.
   */
  postMessage(to: Destination, view: MessageView, options?: PostOptions): Promise<MessageRef>;

  /** Replaces the content of a message the bot posted earlier. */
  updateMessage(message: MessageRef, view: MessageView): Promise<void>;

  /**
   * Sends a file (a chart PNG, an export) to a destination, with an optional comment.
   * Slack: `files.uploadV2`; Discord: a message attachment.
   */
  uploadFile(to: Destination, file: FileUpload, comment?: string): Promise<void>;

  /**
   * The bot's own messages in a channel posted at or after `since`, newest first (top-level
   * messages only; the adapter stops after a few hundred). The core reconciles with it: a post
   * left in `posting` (sent, but its id never recorded, or never sent) is looked for here before
   * it is posted again. Slack: `conversations.history`; Discord: `GET /channels/{id}/messages`.
   * A platform without it cannot be reconciled: the core then never re-posts blindly.
   */
  recentOwnMessages?(channel: ChannelRef, since: Date): Promise<PostedMessage[]>;

  /**
   * The workspace a channel belongs to (Discord: its guild), or undefined when the platform does not
   * know the channel. Lead rights use it: Discord's Manage Server counts only for campaigns whose
   * channels are in that server. Discord: the gateway's guild cache, else `GET /channels/{id}`.
   * Platforms without admin rights (Slack) need not implement it.
   */
  channelWorkspace?(channel: ChannelRef): Promise<string | undefined>;

  /** Starts a discussion thread under a message (capability `threads`) and posts `view` in it. */
  startThread?(message: MessageRef, name: string, view: MessageView): Promise<MessageRef>;
}
