import { request, Agent } from "node:http";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { createSlackAdapter } from "../adapters/slack/index.js";
import { silentLogger } from "../src/logger.js";

/** A full garbage collection, so heap figures compare live memory only. */
function collectGarbage(): void {
  setFlagsFromString("--expose-gc");
  (runInNewContext("gc") as () => void)();
}

function post(agent: Agent, port: number, signature: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        port,
        host: "127.0.0.1",
        method: "POST",
        path: "/slack/events",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "x-slack-request-timestamp": String(Math.floor(Date.now() / 1000)),
          "x-slack-signature": signature,
          "content-length": Buffer.byteLength(body),
        },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/**
 * Pre-authentication memory: `requests` forged requests, each with a distinct 8 KB signature, sent to
 * the real Slack adapter's HTTP receiver, and the heap (after a full GC) before and after. A guard
 * that remembered requests before checking them kept every forged signature for minutes.
 */
export async function runSlackForgeryBench(print: (line: string) => void, requests = 40_000): Promise<{ heapGrowthMb: number }> {
  const adapter = createSlackAdapter({
    botToken: "xoxb-forgery-bench",
    signingSecret: "forgery-bench-secret",
    port: 0,
    logger: silentLogger(),
    botId: "B1",
    botUserId: "U1",
  });
  await adapter.start(async () => ({ kind: "none" }));
  const agent = new Agent({ keepAlive: true, maxSockets: 32 });
  const body = "command=%2Fpairwise&text=help&user_id=U1&team_id=T1&channel_id=C1";
  collectGarbage();
  const before = process.memoryUsage().heapUsed;
  const statuses = new Map<number, number>();
  let next = 0;
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (next < requests) {
        const i = next++;
        const status = await post(agent, adapter.port!, `v0=${i.toString(16).padStart(8192, "a")}`, body);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
    }),
  );
  collectGarbage();
  const after = process.memoryUsage().heapUsed;
  agent.destroy();
  await adapter.stop();
  const heapGrowthMb = (after - before) / 1e6;
  const answered = [...statuses].map(([status, n]) => `${n.toLocaleString("en-US")} × ${status}`).join(", ");
  print(`forged Slack requests: ${requests.toLocaleString("en-US")} with 8 KB signatures (${answered}); heap after GC grew ${heapGrowthMb.toFixed(1)} MB`);
  return { heapGrowthMb };
}
