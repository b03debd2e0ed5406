import type { KeyObject } from "node:crypto";
import { performance } from "node:perf_hooks";
import { encodeAction, tryParseAction } from "../../src/core/action-ids.js";
import { postInteraction, type FakeDiscord, type PendingInteraction, type SignedInteraction } from "../fakes/fake-discord/server.js";
import type { FakeSlack } from "../fakes/fake-slack/server.js";

/** One bot process as the annotators reach it: its Slack receiver and its Discord Interactions Endpoint. */
export interface ReplicaUrls {
  name: string;
  slack: string;
  discord: string;
}

/**
 * What asking for the next item came to: the vote button's assignment, the text the bot answered
 * instead, or `timedOut` when the platform gave up waiting for the bot's answer (Slack: no ack in
 * 3 seconds; Discord: no initial response in 3 seconds), so the person saw an error and asks again.
 */
export type NextResult = { assignmentId: number } | { none: string } | { timedOut: string };

/** A vote as the platform saw it: whether the bot acknowledged it, how long that took, and the request as signed. */
export interface VoteResult {
  acknowledged: boolean;
  ms: number;
  /** What the bot answered, when it was not the acknowledgement of a saved vote. */
  problem?: string;
  /**
   * The platform gave up waiting (Slack: no ack in 3 seconds; Discord: the answer came after its 3
   * seconds). The person saw an error, not "saved", whatever the bot did: they click again.
   */
  timedOut?: boolean;
  /** Sends the request again, byte for byte as signed, to a replica: the HTTP status it gets. */
  replayTo: (replica: ReplicaUrls) => Promise<number>;
}

/** The assignment of the "Response 1" vote button among a message's action or custom ids (Slack's blocks, Discord's components). */
function voteAssignmentIn(json: string): number | undefined {
  for (const match of json.matchAll(/"(?:action_id|custom_id)":"([^"]+)"/g)) {
    const action = tryParseAction(match[1]!);
    if (action?.verb === "vote" && action.choice === "1") return action.assignmentId;
  }
  return undefined;
}

const TIMEOUT_MS = 30_000;

/**
 * Slack annotators talking to several replicas through one FakeSlack: `/pairwise next` from their
 * DM with the bot (the card arrives by chat.postMessage, from whichever replica served it) and a
 * click on "Response 1" (acknowledged by the receiver's HTTP 200, which comes after the commit).
 * Cards and answers are read off the fake as they arrive, by one poller for everyone.
 */
export class SlackAnnotators {
  private scannedCalls = 0;
  private scannedResponses = 0;
  /** Per user, who waits for a card: only a card posted after the request was sent (the fake's call index) answers it. */
  private readonly waiting = new Map<string, { after: number; responseId: string; resolve: (r: NextResult) => void }>();
  private readonly byResponse = new Map<string, string>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly slack: FakeSlack,
    private readonly team = "T1",
  ) {
    this.timer = setInterval(() => this.scan(), 10);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Sends `next` to `replica` and resolves with the new card's assignment (or what was said instead). */
  async next(user: string, replica: ReplicaUrls, campaign = "c"): Promise<NextResult> {
    const after = this.slack.calls.length;
    const responseUrl = this.slack.responseUrl();
    const responseId = responseUrl.slice(responseUrl.lastIndexOf("/") + 1);
    const answer = new Promise<NextResult>((resolve, reject) => {
      const timeout = setTimeout(() => {
        this.waiting.delete(user);
        const seen = this.slack.calls
          .slice(after)
          .filter((c) => JSON.stringify(c.args).includes(user))
          .map((c) => `${c.method} ${c.status} ${JSON.stringify(c.result?.error ?? c.args.text ?? "")}`);
        reject(
          new Error(
            `Slack user ${user}: no card and no answer ${TIMEOUT_MS / 1000} s after next on ${replica.name}; Slack saw for them: ${seen.join("; ") || "nothing"}`,
          ),
        );
      }, TIMEOUT_MS);
      this.waiting.set(user, {
        after,
        responseId,
        resolve: (r) => {
          clearTimeout(timeout);
          resolve(r);
        },
      });
      this.byResponse.set(responseId, user);
    });
    const res = await this.slack.send(replica.slack, {
      team_id: this.team,
      channel_id: `D${user}`,
      user_id: user,
      user_name: user,
      command: "/pairwise",
      text: `next ${campaign}`,
      response_url: responseUrl,
      trigger_id: this.slack.issueTrigger(),
    });
    if (res.status !== 200) {
      this.waiting.delete(user);
      this.byResponse.delete(responseId);
      // Bolt answers 404 when the listener did not ack within 3 seconds (Slack shows the person an error).
      const what = `HTTP ${res.status} from ${replica.name} after ${res.ms} ms: ${res.body}`;
      return res.status === 404 ? { timedOut: what } : { none: what };
    }
    return await answer;
  }

  /** Clicks "Response 1" on the card of `assignmentId`, signed as Slack signs it, and times the acknowledgement. */
  async vote(user: string, assignmentId: number, replica: ReplicaUrls): Promise<VoteResult> {
    const payload = {
      type: "block_actions",
      user: { id: user, username: user, team_id: this.team },
      team: { id: this.team },
      channel: { id: `D${user}` },
      container: { type: "message", message_ts: "1.1", channel_id: `D${user}` },
      message: { ts: "1.1" },
      trigger_id: this.slack.issueTrigger(),
      response_url: this.slack.responseUrl(),
      actions: [{ action_id: encodeAction({ verb: "vote", assignmentId, choice: "1" }), type: "button", value: "x" }],
    };
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    const headers = { "content-type": "application/x-www-form-urlencoded", ...this.slack.sign(body) };
    const post = async (url: string) => {
      const res = await fetch(url, { method: "POST", headers, body });
      return { status: res.status, text: await res.text() };
    };
    const started = performance.now();
    const res = await post(replica.slack);
    const ms = performance.now() - started;
    return {
      acknowledged: res.status === 200,
      ms,
      ...(res.status === 200 ? {} : { problem: `HTTP ${res.status} from ${replica.name} after ${ms.toFixed(0)} ms: ${res.text}` }),
      ...(res.status === 404 ? { timedOut: true } : {}),
      replayTo: async (other) => (await post(other.slack)).status,
    };
  }

  /** Reads what arrived since the last scan: new cards (chat.postMessage) and answers to `next` (its response_url). */
  private scan(): void {
    const calls = this.slack.calls;
    for (; this.scannedCalls < calls.length; this.scannedCalls++) {
      const call = calls[this.scannedCalls]!;
      if (call.method !== "chat.postMessage" || call.result?.ok !== true) continue;
      const assignmentId = voteAssignmentIn(JSON.stringify(call.args.blocks ?? []));
      if (assignmentId === undefined) continue;
      const user = String(call.args.channel);
      const waiter = this.waiting.get(user);
      if (waiter && this.scannedCalls >= waiter.after) {
        this.waiting.delete(user);
        this.byResponse.delete(waiter.responseId);
        waiter.resolve({ assignmentId });
      }
    }
    const responses = this.slack.responses;
    for (; this.scannedResponses < responses.length; this.scannedResponses++) {
      const response = responses[this.scannedResponses]!;
      const user = this.byResponse.get(response.id);
      if (user === undefined) continue;
      const waiter = this.waiting.get(user);
      this.byResponse.delete(response.id);
      if (!waiter) continue;
      this.waiting.delete(user);
      waiter.resolve({ none: String(response.body.text ?? JSON.stringify(response.body)) });
    }
  }
}

/** The bot's answer to an interaction as the fake recorded it: its type, its JSON, and the status Discord gave it. */
function answerOf(fake: FakeDiscord, pending: PendingInteraction): { type: number; json: string; status: number } | undefined {
  const callback = fake.callbacks(pending)[0];
  return callback ? { type: Number(callback.body.type), json: JSON.stringify(callback.body), status: callback.status } : undefined;
}

/**
 * Discord annotators talking to several replicas through one FakeDiscord over the Interactions
 * Endpoint: each interaction is signed with the application's key and POSTed to the replica named
 * (the fake is pointed at it just before; it reads the URL as it sends), and the bot's HTTP answer
 * is the initial response: a card (type 4) for `next`, the updated card (type 7) for a vote.
 */
export class DiscordAnnotators {
  constructor(
    private readonly discord: FakeDiscord,
    private readonly privateKey: KeyObject,
  ) {}

  async next(user: string, replica: ReplicaUrls, campaign = "c"): Promise<NextResult> {
    this.discord.useInteractionsEndpoint(replica.discord, this.privateKey);
    const pending = this.discord.command(user, "next", [{ name: "campaign", type: 3, value: campaign }]);
    await pending.delivery;
    const answer = answerOf(this.discord, pending);
    if (!answer) return { none: `HTTP ${pending.httpStatus} from ${replica.name}, no answer` };
    if (answer.status >= 400) return { timedOut: `${replica.name} answered after Discord's 3 seconds (${answer.json.slice(0, 200)})` };
    const assignmentId = voteAssignmentIn(answer.json);
    return assignmentId === undefined ? { none: answer.json.slice(0, 500) } : { assignmentId };
  }

  async vote(user: string, assignmentId: number, replica: ReplicaUrls): Promise<VoteResult> {
    this.discord.useInteractionsEndpoint(replica.discord, this.privateKey);
    const started = performance.now();
    const pending = this.discord.clickDetached(user, encodeAction({ verb: "vote", assignmentId, choice: "1" }));
    await pending.delivery;
    const ms = performance.now() - started;
    const answer = answerOf(this.discord, pending);
    const signed: SignedInteraction = pending.signed!;
    // Discord took the answer (within its 3 seconds) and it is the updated card of a recorded vote.
    const timedOut = answer !== undefined && answer.status >= 400;
    const acknowledged = answer?.type === 7 && !timedOut;
    const problem = answer
      ? `answered type ${answer.type} by ${replica.name} after ${ms.toFixed(0)} ms (Discord: ${answer.status}): ${answer.json.slice(0, 500)}`
      : `HTTP ${pending.httpStatus} from ${replica.name}`;
    return {
      acknowledged,
      ms,
      ...(acknowledged ? {} : { problem }),
      ...(timedOut ? { timedOut } : {}),
      replayTo: async (other) => (await postInteraction(other.discord, signed)).status,
    };
  }
}
