import { rubricPreference } from "../../domain/ai-judge/combine.js";
import { majorityLabel } from "../../io/export/aggregate.js";
import { aiVerdictsOfJudge, type AiVerdictRow } from "../../storage/repos/ai-judgments.repo.js";
import type { CampaignRow } from "../../storage/repos/campaigns.repo.js";
import { humanVotesOfCampaign, type HumanVoteRow } from "../../storage/repos/judgments.repo.js";
import { confidentMajorityAgainst, disagreementOf, pickJudge, reviewOrder, type JudgeDisagreement } from "../ai-judge/disagreements.js";
import { judgeReviewHint } from "../ai-judge/judge-review.js";
import type { ServiceContext } from "../context.js";
import { campaignSettings } from "../find-campaign.js";
import { judgeCharts } from "./judge-charts.js";
import { meanPairwiseKappa, pairedAgreement, type KappaWithCi } from "./judge-agreement.js";
import { anchoring, routingSavings } from "./judge-measures.js";
import { num, pct, type Report } from "./report.js";
import { CHOICES } from "../../domain/choice.js";

const ci = (r: KappaWithCi | null | undefined) =>
  r ? `${num(r.kappa)} [95% CI ${num(r.kappaCi[0])}, ${num(r.kappaCi[1])}], agreement ${pct(r.agreement, 1)} (n = ${r.n})` : "n/a";

/**
 * The judge against the humans: Cohen's kappa and agreement with the human majority, overall, per
 * tag and per rubric dimension, with bootstrap CIs, beside the humans' own mean pairwise kappa; the
 * judge's position consistency; the pairs where it disagrees with a confident human majority;
 * the human work routing saved and how often a confirming human overturned it; and anchoring.
 */
export async function judgeReport(ctx: ServiceContext, campaign: CampaignRow): Promise<Report> {
  const title = campaign.title ?? campaign.name;
  const base = { kind: "judge" as const, campaign: campaign.name, title: `AI judge vs humans in ${title}` };
  const { judge, others } = await pickJudge(ctx, campaign);
  if (!judge)
    return {
      ...base,
      summary: [`No AI judge has scored ${campaign.name} yet: run \`pairwise prescore ${campaign.name}\` (or /pairwise prescore ${campaign.name}).`],
      data: {},
      charts: [],
    };
  const settings = campaignSettings(campaign);
  const verdicts = await aiVerdictsOfJudge(ctx.db, campaign.id, judge.judgeId);
  const votesByItem = new Map<number, HumanVoteRow[]>();
  for (const v of await humanVotesOfCampaign(ctx.db, campaign.id)) push(votesByItem, v.comparisonId, v);

  const overallPairs: [string, string][] = [];
  const byTag = new Map<string, [string, string][]>();
  const byDimension = new Map<string, [string, string][]>();
  const disagreements: JudgeDisagreement[] = [];
  for (const v of verdicts) {
    const votes = votesByItem.get(v.comparisonId) ?? [];
    const majority = majorityLabel(votes.map((h) => ({ annotator: h.annotatorId, choice: h.choice, confidence: null })));
    if (majority) {
      overallPairs.push([v.choice, majority.label]);
      for (const tag of v.tags) push(byTag, tag, [v.choice, majority.label]);
      const against = confidentMajorityAgainst(v.choice, votes);
      if (against) disagreements.push(disagreementOf(v, votes, against));
    }
    for (const d of settings.rubric) dimensionPair(v, votes, d.name, byDimension);
  }

  const overall = pairedAgreement(overallPairs, CHOICES);
  const humans = meanPairwiseKappa(
    [...votesByItem.values()].map((votes) => new Map(votes.map((h) => [h.annotatorId, h.choice]))),
    CHOICES,
  );
  const tags = [...byTag.entries()]
    .filter(([, p]) => p.length >= 5)
    .sort((a, b) => b[1].length - a[1].length)
    .map(([tag, p]) => ({ tag, ...pairedAgreement(p, CHOICES)! }));
  const dimensions = [...byDimension.entries()].map(([dimension, p]) => ({ dimension, ...pairedAgreement(p, ["a", "b", "tie"])! }));
  const consistent = verdicts.filter((v) => v.ordersAgree).length;
  const routing = routingSavings(verdicts, votesByItem, settings.overlap);
  const anchors = anchoring(verdicts, votesByItem);
  disagreements.sort(reviewOrder);

  const summary = [
    (overall
      ? `Judge ${judge.model} (prompt ${judge.promptVersion}) vs the human majority: Cohen's kappa ${ci(overall)}.`
      : `Judge ${judge.model} (prompt ${judge.promptVersion}) scored ${verdicts.length} pairs; no person has judged any of them yet, so there is nothing to compare it with.`) +
      (others > 0 ? ` (${others} other judge${others > 1 ? "s" : ""} also scored this campaign.)` : ""),
    `Humans among themselves: mean pairwise Cohen's kappa ${humans ? `${num(humans.value)} [95% CI ${num(humans.ci[0])}, ${num(humans.ci[1])}] over ${humans.pairs} annotator pairs` : "n/a (no two annotators share 10 items)"}.`,
    `Position consistency: both orders agreed on ${consistent} of ${verdicts.length} pairs (${pct(verdicts.length ? consistent / verdicts.length : null, 1)}).`,
    `Disagrees with a confident human majority (two thirds or more of at least two people) on ${disagreements.length} pairs${disagreements.length ? ", listed below by the judge's confidence" : ""}.`,
    `Routing: ${routing.routes.confident} confident, ${routing.routes.neutral} unchanged, ${routing.routes.borderline} borderline pairs; human judgments wanted ${routing.before} → ${routing.after}, ${routing.saved >= 0 ? `${routing.saved} saved` : `${-routing.saved} added`} against the campaign's overlap of ${settings.overlap} (${routing.baseline} for these pairs). Confident verdicts checked by a human: ${routing.confirmed}, overturned ${routing.overturned}${routing.confirmed ? ` (${pct(routing.overturned / routing.confirmed, 1)})` : ""}.`,
    `Anchoring (people's agreement with the judge by what they saw): ${anchoringText(anchors)}.`,
  ];
  // The text shows the twelve biggest tags; the JSON has every tag with five pairs or more.
  const table = [
    ["group", "pairs", "kappa", "95% CI", "agreement"],
    ...(overall ? [row("all pairs", overall)] : []),
    ...tags.slice(0, 12).map((t) => row(`tag: ${t.tag}`, t)),
    ...dimensions.map((d) => row(`rubric: ${d.dimension}`, d)),
  ];
  const details = disagreements.slice(0, 25).map(
    (d) =>
      `${d.item} (#${d.comparisonId}): humans ${Object.entries(d.humans)
        .map(([c, n]) => `${c} ${n}`)
        .join(", ")}; judge ${d.judge} at ${pct(d.confidence)}${d.explanation ? ` — ${d.explanation.slice(0, 140)}` : ""}`,
  );
  if (disagreements.length > 25) details.push(`… and ${disagreements.length - 25} more in the JSON report.`);
  if (disagreements.length > 0) details.push("", judgeReviewHint(campaign.name));
  return {
    ...base,
    summary,
    data: {
      judge: { model: judge.model, promptVersion: judge.promptVersion, verdicts: verdicts.length },
      overall,
      humanHuman: humans,
      positionConsistency: verdicts.length ? consistent / verdicts.length : null,
      byTag: tags,
      byRubricDimension: dimensions,
      disagreements: disagreements.slice(0, 500),
      /** All of them (the list above stops at 500): what a lead's review goes through. */
      pairsToReview: disagreements.length,
      routing,
      anchoring: anchors,
    },
    table,
    ...(details.length ? { details: ["Pairs to review (judge vs a confident human majority):", ...details] } : {}),
    charts: judgeCharts({ title, overall, humans, tags, dimensions, anchors }),
  };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

const row = (label: string, r: KappaWithCi) => [label, String(r.n), num(r.kappa), `${num(r.kappaCi[0])} – ${num(r.kappaCi[1])}`, pct(r.agreement, 1)];

function anchoringText(anchors: ReturnType<typeof anchoring>): string {
  const names: Record<string, string> = {
    never: "never shown",
    after_vote: "shown after the vote",
    before_vote: "suggested before the vote",
    before_vote_unshown: "before-vote mode, no suggestion yet",
    no_judge: "voted before the campaign had a judge",
  };
  const parts = Object.entries(anchors).map(([mode, r]) => `${names[mode]} ${pct(r.agreement)} (n = ${r.n})`);
  return parts.length > 0 ? parts.join("; ") : "no human vote on a scored pair yet";
}

/** The judge's and the human majority's preference on one rubric dimension, when both exist. */
function dimensionPair(v: AiVerdictRow, votes: readonly HumanVoteRow[], name: string, into: Map<string, [string, string][]>): void {
  const judge = rubricPreference(v.rubricScores[name]);
  const human = majorityLabel(
    votes.flatMap((h) => {
      const p = rubricPreference(h.rubricScores[name]);
      return p ? [{ annotator: h.annotatorId, choice: p, confidence: null }] : [];
    }),
  );
  if (judge && human) push(into, name, [judge, human.label]);
}
