import { parentPort, workerData } from "node:worker_threads";
import { FakeDiscord } from "../test/fakes/fake-discord/server.js";

/**
 * The Discord side of the load bench, in a worker thread: the fake Discord (REST and gateway) and
 * the annotators clicking, off the bot's event loop as Discord and its users are in production.
 *
 * Protocol: started with the bot token as `workerData`; posts `{ apiUrl, applicationId, guildId }`
 * once listening; takes `{ votes, wave }`: pushes INTERACTION_CREATE in waves of `wave`, each wave
 * once the previous one is answered; answers `{ latencies, failed, seconds }` (latency: the
 * interaction sent on the gateway → its callback reaching the fake); takes `{ stop: true }`.
 */
export interface DiscordLoadRequest {
  votes: { userId: string; actionId: string }[];
  wave: number;
}
export interface DiscordLoadResult {
  latencies: number[];
  failed: number;
  seconds: number;
}
export interface DiscordLoadReady {
  apiUrl: string;
  applicationId: string;
  guildId: string;
}

const port = parentPort!;
const discord = new FakeDiscord(workerData as string);
await discord.start();
port.postMessage({ apiUrl: discord.apiUrl, applicationId: discord.applicationId, guildId: discord.guildId } satisfies DiscordLoadReady);

port.on("message", async (message: DiscordLoadRequest | { stop: true }) => {
  if ("stop" in message) {
    await discord.stop();
    port.close();
    return;
  }
  // Callbacks arrive as REST calls; read each new call once (the calls list only grows).
  const waiting = new Map<string, number>();
  const latencies: number[] = [];
  let failed = 0;
  let seen = discord.calls.length;
  const collect = () => {
    for (; seen < discord.calls.length; seen++) {
      const call = discord.calls[seen]!;
      const issuedAt = waiting.get(call.path);
      if (issuedAt === undefined) continue;
      waiting.delete(call.path);
      latencies.push(call.at - issuedAt);
      if (call.status !== 204) failed++;
    }
  };
  const started = performance.now();
  for (let i = 0; i < message.votes.length; i += message.wave) {
    for (const v of message.votes.slice(i, i + message.wave)) {
      const p = discord.clickDetached(v.userId, v.actionId);
      waiting.set(`/interactions/${p.id}/${p.token}/callback`, p.issuedAt);
    }
    const until = Date.now() + 10_000;
    while (waiting.size > 0 && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 1));
      collect();
    }
    failed += waiting.size; // never answered within 10 s
    waiting.clear();
  }
  port.postMessage({ latencies, failed, seconds: (performance.now() - started) / 1000 } satisfies DiscordLoadResult);
});
