import type { CampaignSettings } from "../../domain/campaign-settings.js";
import type { CollectedSource, ControlEvidence, ImportedSource } from "../../storage/repos/provenance.repo.js";

const share = (n: number, of: number) => `${n} of ${of} (${of > 0 ? ((100 * n) / of).toFixed(1) : "0.0"}%)`;

/**
 * The quality controls the data shows ran, each with its count, for the dataset card. A control
 * that was configured but left no trace is named as such; imported labels are said to have had
 * none of them, since they were made elsewhere.
 */
export function appliedControls(input: {
  settings: CampaignSettings;
  collected: readonly CollectedSource[];
  imported: readonly ImportedSource[];
  evidence: ControlEvidence;
}): string[] {
  const { settings, evidence } = input;
  const total = input.collected.reduce((s, c) => s + c.judgments, 0);
  const gold = input.collected.reduce((s, c) => s + c.gold, 0);
  const calibration = input.collected.reduce((s, c) => s + c.calibration, 0);
  const ordered = input.collected.reduce((s, c) => s + c.withDisplayOrder, 0);
  const out: string[] = [];
  const unseen: string[] = [];
  if (total > 0) {
    out.push(
      `Display order: the two responses were shown in a random order, recorded per judgment, for ${share(ordered, total)} judgments collected through Pairwise.`,
    );
    out.push(
      `Anomaly checks (too fast for the text's length, straight-lining, position bias, a rationale contradicting the vote) ran on every judgment collected through Pairwise; ${evidence.flaggedJudgments} were flagged.`,
    );
    if (gold > 0)
      out.push(
        `Gold checks: ${share(gold, total - calibration)} judgments collected outside calibration were on gold items with a known answer (the campaign's goldRate is ${(settings.goldRate * 100).toFixed(1)}%).`,
      );
    else if (settings.goldRate > 0) unseen.push(`gold checks (goldRate ${(settings.goldRate * 100).toFixed(1)}%, but no gold item was answered)`);
    if (calibration > 0)
      out.push(
        `Calibration: ${calibration} answers to calibration items (qualification gate ${settings.qualificationGate ? "on" : "off"}, ${evidence.calibrationRounds} calibration round${evidence.calibrationRounds === 1 ? "" : "s"} closed); ${evidence.qualified} of the annotators are qualified now.`,
      );
    else if (settings.qualificationGate) unseen.push("the qualification gate (on, but no calibration item was answered)");
    if (evidence.peerReviews > 0)
      out.push(
        `Peer review: ${evidence.peerReviews} judgments were reviewed by a second annotator; ${evidence.peerDisagreements} disagreements went to a lead.`,
      );
    else if (settings.peerReviewRate > 0) unseen.push(`peer review (rate ${(settings.peerReviewRate * 100).toFixed(0)}%, no review done)`);
  }
  if (evidence.adjudicated > 0) out.push(`Adjudication: a lead decided the final label of ${evidence.adjudicated} split or disputed items.`);
  for (const s of input.imported) {
    out.push(
      `The ${s.judgments} judgments imported from \`${s.file}\` were made outside Pairwise: none of its controls (gold checks, calibration, randomized display order, anomaly checks, peer review) applied to them.`,
    );
  }
  if (out.length === 0) out.push("None: no judgment was collected through Pairwise and no item was adjudicated.");
  if (unseen.length > 0) out.push(`Configured, but with no effect on this data: ${unseen.join("; ")}.`);
  return out;
}
