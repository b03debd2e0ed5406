import { PairwiseError } from "../../errors.js";
import { bakeoffOfCampaign, bakeoffsWithStatus, promptsOfBakeoff, type NamedBakeoff } from "../../services/bakeoff/find-bakeoff.js";
import { planBakeoffRound } from "../../services/bakeoff/plan-bakeoff-round.js";
import { recordBakeoffMessages, returnBakeoffToDraft, startBakeoff } from "../../services/bakeoff/start-bakeoff.js";
import { announceBakeoff } from "./bakeoff-announcement.js";
import { closeOpenPairs } from "./bakeoff-ended.js";
import { inviteHint, sendOutcomeOf } from "../platform-errors.js";
import { stopBakeoff } from "../../services/bakeoff/stop-bakeoff.js";
import type { Board } from "../../stats/index.js";
import { bakeoffAnnouncement, bakeoffBoardView, bakeoffOutcomeView } from "../cards/bakeoff-cards.js";
import { publishChannelPosts } from "../channel-posts/publish-batch.js";
import { afterReply, type DispatchDeps } from "../dispatch-context.js";
import type { CommandInvoked, Reply } from "../events.js";
import type { ChatPlatform, MessageRef, PlatformName } from "../platform.js";
import { notice } from "../views.js";

/** Per database: the round in flight per bake-off (rounds run one after another), and the votes the board last showed. */
const state = new WeakMap<object, { chains: Map<number, Promise<void>>; shown: Map<number, number> }>();
const stateOf = (deps: DispatchDeps) => {
  let s = state.get(deps.services.db);
  if (!s) state.set(deps.services.db, (s = { chains: new Map(), shown: new Map() }));
  return s;
};

/** Runs `work` after the bake-off's previous round: two votes at once must not edit its board out of order. */
function inTurn(deps: DispatchDeps, bakeoffId: number, work: () => Promise<void>): Promise<void> {
  const { chains } = stateOf(deps);
  const next = (chains.get(bakeoffId) ?? Promise.resolve())
    .then(work)
    .catch((error: unknown) => deps.logger.error({ err: error, bakeoffId }, "bake-off round failed"));
  chains.set(bakeoffId, next);
  void deps.background.track(next);
  void next.then(() => chains.get(bakeoffId) === next && chains.delete(bakeoffId));
  return next;
}

/**
 * One round of a bake-off: plan (refit, end it, or choose the next pairs), then bring the channel
 * in step: the announcement and leaderboard thread on the first round, the leaderboard edited
 * when votes came in, the new pairs published as channel posts, and the last word when it ended.
 */
function advanceBakeoff(deps: DispatchDeps, bakeoff: Pick<NamedBakeoff, "id" | "platform">): Promise<"ok" | "no_access"> {
  const platform = bakeoff.platform ? deps.platforms.get(bakeoff.platform as PlatformName) : undefined;
  // Running on a platform this process does not serve: the process that does takes it up.
  if (!platform) return Promise.resolve("ok");
  let outcome: "ok" | "no_access" = "ok";
  return inTurn(deps, bakeoff.id, async () => {
    const round = await planBakeoffRound(deps.services, bakeoff.id);
    if (!round || !round.bakeoff.channelId) return;
    let board: MessageRef | undefined;
    try {
      board = await showBoard(deps, platform, round.bakeoff, round.board);
    } catch (error) {
      // The bot is not in the channel: only a person can fix that. Back to draft, so nothing retries it.
      if (sendOutcomeOf(error).noAccess && !round.bakeoff.rootMessageId && (await returnBakeoffToDraft(deps.services, bakeoff.id))) {
        deps.logger.warn({ bakeoff: round.bakeoff.name, channel: round.bakeoff.channelId }, "bake-off not started: the bot is not in the channel");
        outcome = "no_access";
        return;
      }
      throw error;
    }
    await publishChannelPosts(deps, round.posts);
    if (round.ended) {
      await sayLastWord(deps, platform, round.bakeoff, board, round.ended);
      await closeOpenPairs(deps, platform, round.bakeoff);
    }
  }).then(() => outcome);
}

/** After a vote completed an item: the next round, if the item was a bake-off's pair. */
export async function advanceAfterVote(deps: DispatchDeps, campaignId: number): Promise<void> {
  const bakeoff = await bakeoffOfCampaign(deps.services, campaignId);
  if (bakeoff?.status === "running") await advanceBakeoff(deps, bakeoff);
}

/** The minute sweep: every running bake-off gets a round (after a restart, or votes that came another way). */
export async function advanceRunningBakeoffs(deps: DispatchDeps): Promise<void> {
  for (const bakeoff of await bakeoffsWithStatus(deps.services, "running")) await advanceBakeoff(deps, bakeoff);
}

/** Posts the announcement and the leaderboard thread once, then edits the leaderboard when the votes changed. */
async function showBoard(deps: DispatchDeps, platform: ChatPlatform, bakeoff: NamedBakeoff, board: Board): Promise<MessageRef | undefined> {
  const channel = { platform: platform.name, channelId: bakeoff.channelId! };
  const view = bakeoffBoardView(bakeoff, board);
  const { shown } = stateOf(deps);
  if (bakeoff.boardMessageId && bakeoff.boardChannelId) {
    const ref = { platform: platform.name, channelId: bakeoff.boardChannelId, messageId: bakeoff.boardMessageId };
    if (shown.get(bakeoff.id) !== board.votes || bakeoff.status !== "running") await platform.updateMessage(ref, view);
    shown.set(bakeoff.id, board.votes);
    return ref;
  }
  const threads = platform.capabilities.threads && platform.startThread !== undefined;
  const root = await announceBakeoff(
    deps,
    platform,
    bakeoff,
    bakeoffAnnouncement(bakeoff, board.rows.length, await promptsOfBakeoff(deps.services, bakeoff.id), threads),
  );
  const posted = threads
    ? await platform.startThread!(root, `Leaderboard · ${bakeoff.title ?? bakeoff.name}`, view)
    : await platform.postMessage({ kind: "channel", channel }, view);
  await recordBakeoffMessages(deps.services, bakeoff.id, { boardChannelId: posted.channelId, boardMessageId: posted.messageId });
  shown.set(bakeoff.id, board.votes);
  return posted;
}

/** The outcome, said in the thread (or the channel), with the leaderboard already showing it. */
async function sayLastWord(deps: DispatchDeps, platform: ChatPlatform, bakeoff: NamedBakeoff, board: MessageRef | undefined, outcome: string): Promise<void> {
  const channel = { platform: platform.name, channelId: bakeoff.channelId! };
  const root = bakeoff.rootMessageId ? { ...channel, messageId: bakeoff.rootMessageId } : undefined;
  const inThread = root && board && platform.capabilities.threads ? { thread: root } : {};
  await platform.postMessage({ kind: "channel", channel, ...inThread }, bakeoffOutcomeView(bakeoff, outcome));
  deps.logger.info({ bakeoff: bakeoff.name, outcome }, "bake-off ended");
}

/** `/pairwise bakeoff start <name>`, run in the channel where the team votes. */
export async function startBakeoffHere(deps: DispatchDeps, event: CommandInvoked, name: string): Promise<Reply> {
  if (!event.channel) throw new PairwiseError("VALIDATION", "Run `/pairwise bakeoff start <name>` in the channel where the team will vote.");
  const bakeoff = await startBakeoff(deps.services, { name, platform: event.channel.platform, channelId: event.channel.channelId });
  // The first round goes out before the answer, so the answer is true: started, or what to do.
  return {
    kind: "deferred",
    visibility: "private",
    work: async () =>
      (await advanceBakeoff(deps, bakeoff)) === "no_access"
        ? {
            kind: "private",
            view: notice(
              `Bake-off ${bakeoff.name} was not started: Pairwise is not a member of this channel, so it cannot post here. To fix it, ${inviteHint(event.platform)}, then run \`/pairwise bakeoff start ${bakeoff.name}\` again.`,
              "warning",
            ),
          }
        : { kind: "private", view: notice(`Bake-off ${bakeoff.name} starts in this channel: pairs are posted here, the leaderboard in a thread.`, "success") },
  };
}

/** `/pairwise bakeoff stop <name>`: ends it now; the leaderboard and the thread say so, and its open pairs lose their buttons. */
export async function stopBakeoffNow(deps: DispatchDeps, name: string): Promise<Reply> {
  const stopped = await stopBakeoff(deps.services, { name });
  const platform = stopped.bakeoff.platform ? deps.platforms.get(stopped.bakeoff.platform as PlatformName) : undefined;
  if (platform) {
    afterReply(deps, "bake-off stop", () =>
      inTurn(deps, stopped.bakeoff.id, async () => {
        const board = await showBoard(deps, platform, stopped.bakeoff, stopped.board);
        await sayLastWord(deps, platform, stopped.bakeoff, board, stopped.outcome);
        await closeOpenPairs(deps, platform, stopped.bakeoff);
      }),
    );
  }
  return { kind: "private", view: notice(stopped.outcome, "info") };
}
