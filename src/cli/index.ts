import { createOpenAiJudge } from "../../adapters/openai-judge/index.js";
import { asPairwiseError } from "../errors.js";
import { cliOutput } from "./output.js";
import { buildProgram } from "./program.js";
import { exitQuietlyOnClosedPipe } from "../quiet-pipe.js";

/**
 * The `pairwise` CLI, and its composition root: the AI judge adapter is wired in here. Known
 * errors print their message (what, where, how to fix) and exit 1, and so do the database's own
 * (busy, disk full: see `asPairwiseError`); anything else is a bug and prints its stack.
 */
async function main(): Promise<void> {
  exitQuietlyOnClosedPipe();
  try {
    const openJudge = (judge: { url: string; apiKey?: string }) => createOpenAiJudge({ baseUrl: judge.url, ...(judge.apiKey ? { apiKey: judge.apiKey } : {}) });
    await (await buildProgram({ openJudge }, process.argv[2])).parseAsync(process.argv);
  } catch (error) {
    const known = asPairwiseError(error);
    if (known) {
      cliOutput.err(`error: ${known.message}`);
      process.exitCode = 1;
      return;
    }
    throw error;
  }
}

await main();
