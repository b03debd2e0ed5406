import { createOpenAiJudge } from "../../adapters/openai-judge/index.js";
import { prescoreCampaign, type PrescoreDeps, type PrescoreInput } from "../../src/services/ai-judge/prescore-campaign.js";
import type { PairwiseCore } from "../../src/app.js";
import { startFakeOpenAi, type FakeOpenAiOptions, type FakeOpenAi, type FakeRequest } from "../fakes/fake-openai/server.js";

/** A campaign file with an `aiJudge:` block (extra lines indented two spaces under it). */
export function judgedCampaign(aiJudge: string, extra = "", name = "c"): string {
  return `
name: ${name}
status: active
guidelines: Pick the more helpful response.
goldRate: 0
overlap: 3
maxOverlap: 5
qualificationGate: false
peerReviewRate: 0
${extra}
aiJudge:
  model: judge-model
${aiJudge}
`;
}

/** Starts a fake judge server for one test; close it in afterEach. */
export async function fakeJudge(options: FakeOpenAiOptions): Promise<FakeOpenAi> {
  return startFakeOpenAi(options);
}

/** Runs `prescoreCampaign` against a fake server, with fast retries. */
export function prescore(core: PairwiseCore, server: FakeOpenAi, input: Partial<PrescoreInput> = {}, deps: Partial<PrescoreDeps> = {}) {
  return prescoreCampaign(
    core.services,
    { campaign: "c", requestedBy: "test", ...input },
    { judge: createOpenAiJudge({ baseUrl: server.url }), backoffBaseMs: 5, ...deps },
  );
}

/** Requests grouped by pair (the two response texts, in either order), to count how often each pair was asked. */
export function requestsPerPair(server: FakeOpenAi): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of server.requests) {
    const key = [r.first, r.second].sort().join("\u0000");
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/**
 * A scripted judge that prefers the longer response, calls identical texts a tie, and picks
 * whichever came first when the lengths are close (so its two orders disagree there): the judge
 * of the judge-report and judge-review tests.
 */
export function lengthJudge(r: FakeRequest) {
  const a = r.first.trim();
  const b = r.second.trim();
  if (a === b) return { verdict: "tie" as const, probability: 0.9 };
  if (Math.abs(a.length - b.length) < 0.1 * Math.max(a.length, b.length)) return { verdict: "1" as const, probability: 0.9 };
  return { verdict: a.length > b.length ? ("1" as const) : ("2" as const), probability: 0.9 };
}
