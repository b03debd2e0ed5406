import type { Config } from "../config.js";
import type { JudgePort } from "../services/ai-judge/judge-port.js";

/** Opens the judge port for PAIRWISE_JUDGE_URL; the CLI's entry point supplies the adapter. */
type OpenJudge = (judge: NonNullable<Config["judge"]>) => JudgePort;

/** What the composition root gives the CLI: adapters it must not import itself. */
export interface CliDeps {
  openJudge?: OpenJudge;
}
