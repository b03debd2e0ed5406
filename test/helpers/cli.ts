import { createOpenAiJudge } from "../../adapters/openai-judge/index.js";
import { cliOutput } from "../../src/cli/context.js";
import { buildProgram } from "../../src/cli/program.js";
import { isPairwiseError } from "../../src/errors.js";

/** Runs the `pairwise` CLI in-process and returns what it printed, or the error it stopped with. */
export async function runCli(args: string[], env: Record<string, string> = {}): Promise<{ out: string; err: string; error?: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const saved = { ...cliOutput };
  const savedEnv = { ...process.env };
  Object.assign(process.env, env);
  cliOutput.out = (t) => void out.push(t);
  cliOutput.err = (t) => void err.push(t);
  try {
    const program = buildProgram({ openJudge: (j) => createOpenAiJudge({ baseUrl: j.url, ...(j.apiKey ? { apiKey: j.apiKey } : {}) }) }).exitOverride();
    program.configureOutput({ writeOut: (t) => void out.push(t), writeErr: (t) => void err.push(t) });
    await program.parseAsync(["node", "pairwise", ...args]);
    return { out: out.join("\n"), err: err.join("\n") };
  } catch (error) {
    return { out: out.join("\n"), err: err.join("\n"), error: isPairwiseError(error) ? error.message : String((error as Error).message) };
  } finally {
    Object.assign(cliOutput, saved);
    process.env = savedEnv;
  }
}
