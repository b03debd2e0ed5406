import { lengthJudge } from "./length-judge.js";
import { startFakeOpenAi, type Flavor } from "./server.js";

/**
 * Runs the fake OpenAI-compatible judge on its own, to try Pairwise as a user would:
 *   npx tsx test/fakes/fake-openai/main.ts [vllm|ollama] [delayMs]
 * prints the base URL for PAIRWISE_JUDGE_URL and serves until Ctrl-C.
 */
const flavor = (process.argv[2] ?? "vllm") as Flavor;
const delayMs = Number(process.argv[3] ?? 0);
const server = await startFakeOpenAi({ flavor, respond: (r) => ({ ...lengthJudge(r), delayMs }) });
process.stdout.write(`${server.url}\n`);
process.on("SIGINT", () => void server.close().then(() => process.exit(0)));
process.on("SIGTERM", () => void server.close().then(() => process.exit(0)));
