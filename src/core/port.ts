/**
 * Core's public port: everything a chat adapter (Slack, Discord, the terminal playground) may use
 * from `src/`, besides the logger, errors, configuration and health. An adapter turns its
 * platform's payloads into the inbound events here, renders the views here, implements
 * `ChatPlatform`, and decodes ids only with the action-id functions here. `test/boundaries.test.ts`
 * fails when a chat adapter reaches past this file into the core, the services or storage.
 */
export { actionSubject, encodeAction, parseAction, tryParseAction, type Action } from "./action-ids.js";
export { DEFAULT_POST_RETRY, retryDelay, sleep, withBackoff, type RetryPolicy } from "./channel-posts/retry-policy.js";
export { splitCommandLine } from "./command-line.js";
export type { ActionInvoked, AutocompleteRequested, CommandInvoked, FormSubmitted, InboundEvent, Reply } from "./events.js";
export { PlatformSendError } from "./platform-errors.js";
export type {
  ChannelRef,
  ChatPlatform,
  Destination,
  InboundHandler,
  MessageRef,
  PlatformCapabilities,
  PostedMessage,
  PostOptions,
  UserRef,
} from "./platform.js";
export { ExpiringKeys, type SeenRequests } from "./seen-requests.js";
export { shareBudget } from "./text-budget.js";
export { notice, type ButtonView, type FileUpload, type FormField, type FormValues, type FormView, type MessageView, type ViewBlock } from "./views.js";
/** The choices as the screen shows them, which a terminal line names. */
export type { ScreenChoice } from "../domain/choice.js";
/** The lists Discord's slash-command definition offers as choices. */
export { EXPORT_FORMATS } from "../io/export/formats/index.js";
export { REPORT_KINDS } from "../services/reports/report.js";
