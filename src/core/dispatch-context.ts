import type { LeadRef } from "../config.js";
import type { Logger } from "../logger.js";
import type { JudgePort } from "../services/ai-judge/judge-port.js";
import type { ServiceContext } from "../services/context.js";
import type { RetryPolicy } from "./channel-posts/retry-policy.js";
import type { ChatPlatform, PlatformCapabilities, PlatformName } from "./platform.js";
import type { BackgroundWork } from "./background-work.js";
import type { InboundEvent } from "./events.js";
import { afterCommit } from "../services/context.js";

/** What the dispatcher and its handlers work with. */
export interface DispatchDeps {
  services: ServiceContext;
  leads: readonly LeadRef[];
  /** The running platforms, for messages the core starts itself (channel reveals, lead notices). */
  platforms: ReadonlyMap<PlatformName, ChatPlatform>;
  logger: Logger;
  /** IANA time zone for schedules and for reading times people type (PAIRWISE_TIMEZONE). */
  timezone: string;
  /** Retries of a channel post that failed (default `DEFAULT_POST_RETRY`; tests shorten it). */
  postRetry?: RetryPolicy;
  /** The AI judge, when PAIRWISE_JUDGE_URL is set. */
  judge?: JudgeWiring;
  /** Work running after its interaction was answered: a stop waits for it (src/main.ts). */
  background: BackgroundWork;
}

/** The AI judge's server, the default model, and the pre-scoring runs this process is running (stopped at shutdown). */
export interface JudgeWiring {
  port: JudgePort;
  defaultModel?: string | undefined;
  running: Map<string, { stop: AbortController; done: Promise<unknown> }>;
  /** First retry delay without Retry-After (default 500 ms); tests shorten it. */
  backoffBaseMs?: number;
}

const DEFAULT_CAPABILITIES: PlatformCapabilities = {
  ephemeralOutsideInteraction: false,
  maxFormFields: 5,
  maxTextInput: 3000,
  threads: false,
  minPostIntervalMs: 0,
};

export function capabilitiesOf(deps: DispatchDeps, platform: PlatformName): PlatformCapabilities {
  return deps.platforms.get(platform)?.capabilities ?? DEFAULT_CAPABILITIES;
}

/** The annotator identity of the person behind an event. */
export function identityOf(event: InboundEvent): { platform: string; workspaceId: string; userId: string; displayName?: string } {
  const who: { platform: string; workspaceId: string; userId: string; displayName?: string } = {
    platform: event.user.platform,
    workspaceId: event.user.workspaceId,
    userId: event.user.userId,
  };
  if (event.user.displayName) who.displayName = event.user.displayName;
  return who;
}

/**
 * Runs outbound work after the reply, logging failures instead of throwing into the interaction.
 * A handler may run inside a transaction (the vote paths run in a shared commit): the work starts
 * only once that has committed, outside it, so it reads what the handler wrote (storage/transaction.ts).
 */
export function afterReply(deps: DispatchDeps, what: string, work: () => Promise<unknown>): void {
  void deps.background.track(afterCommit(work).catch((error: unknown) => deps.logger.error({ err: error, what }, "background work failed")));
}

/** Resolves once no work started after a reply is running (work it starts in turn included). */
export async function settleBackground(deps: DispatchDeps): Promise<void> {
  await deps.background.idle();
}
