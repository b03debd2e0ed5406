import { parentPort, workerData } from "node:worker_threads";
import { FakeSlack } from "../test/fakes/fake-slack/server.js";
import { nowMs } from "./stats-util.js";

/**
 * The Slack side of the load bench, in a worker thread: the fake Slack Web API and the annotators
 * clicking. Slack's servers and its users are not in the bot's process in production; sharing the
 * bot's event loop with them measured the bench's own client, not the bot.
 *
 * Protocol: started with the credentials as `workerData`; posts `{ apiUrl }` once started; takes `{ receiver, votes, concurrency }`; answers
 * `{ latencies, failed, seconds }`; takes `{ stop: true }`.
 */
export interface SlackLoadRequest {
  receiver: string;
  /** Action ids and users, one vote each. */
  votes: { userId: string; actionId: string }[];
  concurrency: number;
}
export interface SlackLoadResult {
  latencies: number[];
  failed: number;
  seconds: number;
}

/** The app credentials the fake Slack checks: `workerData`. */
export interface SlackLoadCredentials {
  token: string;
  signingSecret: string;
  teamId: string;
}

const SLACK_LOAD = workerData as SlackLoadCredentials;
const port = parentPort!;
const slack = new FakeSlack(SLACK_LOAD);
await slack.start();
port.postMessage({ apiUrl: slack.apiUrl });

port.on("message", async (message: SlackLoadRequest | { stop: true }) => {
  if ("stop" in message) {
    await slack.stop();
    port.close();
    return;
  }
  const latencies: number[] = [];
  let failed = 0;
  let next = 0;
  const started = nowMs();
  await Promise.all(
    Array.from({ length: message.concurrency }, async () => {
      while (next < message.votes.length) {
        const v = message.votes[next++]!;
        const payload = {
          type: "block_actions",
          user: { id: v.userId, team_id: SLACK_LOAD.teamId },
          team: { id: SLACK_LOAD.teamId },
          channel: { id: `D${v.userId}` },
          container: { type: "message", message_ts: "1.1", channel_id: `D${v.userId}` },
          message: { ts: "1.1" },
          trigger_id: slack.issueTrigger(),
          response_url: slack.responseUrl(),
          actions: [{ action_id: v.actionId, type: "button" }],
        };
        const t0 = nowMs();
        const res = await slack.send(message.receiver, { payload: JSON.stringify(payload) });
        latencies.push(nowMs() - t0);
        if (res.status !== 200) failed++;
      }
    }),
  );
  port.postMessage({ latencies, failed, seconds: (nowMs() - started) / 1000 } satisfies SlackLoadResult);
});
