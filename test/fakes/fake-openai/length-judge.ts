import type { FakeReply, FakeRequest } from "./server.js";

/**
 * A stand-in judge with the habits real ones have, for trying the CLI and for benchmarks: it
 * prefers the longer response, calls near-equal lengths a tie, and, when the lengths are close
 * (within 30%), picks whichever was shown first, so its two orders disagree there (position
 * bias). The verdict token's probability grows with the length gap.
 */
export function lengthJudge(request: FakeRequest): FakeReply {
  const a = request.first.trim().length;
  const b = request.second.trim().length;
  if (a === 0 && b === 0) return { verdict: "both_bad", probability: 0.9, explanation: "Both responses are empty." };
  const gap = Math.abs(a - b) / Math.max(a, b);
  if (gap < 0.05) return { verdict: "tie", probability: 0.55, explanation: "The responses are about equally good." };
  if (gap < 0.3) return { verdict: "1", probability: 0.6, explanation: "Response 1 reads slightly better." };
  return { verdict: a > b ? "1" : "2", probability: Math.min(0.99, 0.7 + gap / 2), explanation: `Response ${a > b ? 1 : 2} is more complete.` };
}
