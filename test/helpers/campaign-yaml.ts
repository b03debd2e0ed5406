/**
 * The campaign file most end-to-end tests label with: campaign `c` (or `name`), "Helpfulness", active, no gold,
 * overlap 3, no qualification gate and no peer review (so the flows under test are not interleaved
 * with calibration or review work), in the given channels. `extra` lines are added (a rubric, a
 * schedule); a key already set here cannot be given again (the campaign file refuses repeated keys).
 */
export function helpfulnessCampaign(channels: readonly string[], extra = "", name = "c"): string {
  return `
name: ${name}
title: Helpfulness
status: active
guidelines: Pick the more helpful response.
goldRate: 0
overlap: 3
qualificationGate: false
peerReviewRate: 0
channels: [${channels.join(", ")}]
${extra}
`;
}
