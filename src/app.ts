import type { Clock } from "./clock.js";
import type { LeadRef } from "./config.js";
import { BackgroundWork } from "./core/background-work.js";
import { createDispatcher, type Dispatcher } from "./core/dispatcher.js";
import type { DispatchDeps, JudgeWiring } from "./core/dispatch-context.js";
import { reconcileChannelPosts, type ReconcileSummary } from "./core/channel-posts/reconcile.js";
import type { RetryPolicy } from "./core/channel-posts/retry-policy.js";
import type { ChatPlatform, PlatformName } from "./core/platform.js";
import type { Logger } from "./logger.js";
import type { ServiceContext } from "./services/context.js";
import type { Db } from "./storage/database.js";

/** The running core: services, the dispatcher, and the platforms it talks to. */
export interface PairwiseCore {
  services: ServiceContext;
  dispatcher: Dispatcher;
  platforms: Map<PlatformName, ChatPlatform>;
  deps: DispatchDeps;
  /** The start-up reconciliation of channel posts, per attached platform (runs in the background). */
  reconciliations: Map<PlatformName, Promise<ReconcileSummary>>;
}

/**
 * Wires the core from its parts. Platforms are added after (they need the dispatcher to start),
 * into the same map the dispatcher reads, so `post` and reveals reach every running platform.
 */
export function createCore(options: {
  db: Db;
  clock: Clock;
  logger: Logger;
  random?: () => number;
  leads?: readonly LeadRef[];
  timezone?: string;
  postRetry?: RetryPolicy;
  judge?: Omit<JudgeWiring, "running">;
}): PairwiseCore {
  const services: ServiceContext = {
    db: options.db,
    clock: options.clock,
    logger: options.logger,
    random: options.random ?? Math.random,
    timezone: options.timezone ?? "UTC",
  };
  const platforms = new Map<PlatformName, ChatPlatform>();
  const deps: DispatchDeps = {
    services,
    leads: options.leads ?? [],
    platforms,
    logger: options.logger,
    timezone: options.timezone ?? "UTC",
    background: new BackgroundWork(),
    ...(options.postRetry ? { postRetry: options.postRetry } : {}),
    ...(options.judge ? { judge: { ...options.judge, running: new Map() } } : {}),
  };
  return { services, dispatcher: createDispatcher(deps), platforms, deps, reconciliations: new Map() };
}

/**
 * Starts a platform adapter against the core's dispatcher and registers it for outbound messages.
 * Then, in the background, settles the channel posts a previous run left in `posting` on it (a
 * crash between a send and recording it): the bot serves meanwhile, and a platform that is down
 * at start only delays that. It never throws.
 */
export async function attachPlatform(core: PairwiseCore, platform: ChatPlatform): Promise<void> {
  core.platforms.set(platform.name, platform);
  await platform.start((event) => core.dispatcher.handle(event));
  const reconciled = reconcileChannelPosts(core.deps, platform).catch((error: unknown) => {
    core.deps.logger.error({ err: error, platform: platform.name }, "channel post reconciliation failed");
    return { posted: 0, adopted: 0, refused: 0, no_access: 0, pending: 0, skipped: 0 };
  });
  core.reconciliations.set(platform.name, reconciled);
}

/** Stops the pre-scoring runs this process is running and waits for them to record where they stopped. */
export async function stopJudgeRuns(core: PairwiseCore): Promise<void> {
  const running = [...(core.deps.judge?.running.values() ?? [])];
  for (const run of running) run.stop.abort();
  await Promise.allSettled(running.map((run) => run.done));
}
