import { z } from "zod";
import { PairwiseError } from "../../errors.js";
import { clearLeadsToldStuck } from "../../storage/repos/annotator-notes.repo.js";
import { annotatorsInCampaignMatching, restartAnnotator, type AnnotatorRow } from "../../storage/repos/annotators.repo.js";
import type { CampaignRow } from "../../storage/repos/campaigns.repo.js";
import { withTransaction, type ServiceContext } from "../context.js";
import { ANNOTATOR_ORIGINS, platformAlternation } from "../../domain/platform-names.js";

const Input = z.object({
  /** A mention (`<@U123>`, `<@U123|name>`, `<@!123>`), `platform:userId`, a user id, or a display name. */
  annotator: z.string().trim().min(1, "say who: a mention, platform:userId, or their display name"),
  /** `requalify`: back to qualified. `reset`: back to new, so the qualification calibration comes first again. */
  mode: z.enum(["requalify", "reset"]),
  /** The lead's platform: a bare id or name is looked up there first. */
  platform: z.string().optional(),
});

export interface RequalifyResult {
  annotator: AnnotatorRow;
  before: AnnotatorRow["status"];
  after: AnnotatorRow["status"];
}

/** Reads a mention or `platform:userId` into a user id (and platform, when written). */
function parseAnnotatorRef(raw: string): { key: string; platform?: string } {
  const text = raw.trim();
  const mention = /^<@!?([A-Za-z0-9]+)(?:\|[^>]*)?>$/.exec(text);
  if (mention) return { key: mention[1]! };
  const ref = new RegExp(`^(${platformAlternation(ANNOTATOR_ORIGINS)}):(.+)$`).exec(text);
  if (ref) return { platform: ref[1]!, key: ref[2]! };
  return { key: text.replace(/^@/, "") };
}

/**
 * A lead's fresh start for an annotator of their campaign: `requalify` makes them qualified,
 * `reset` makes them new (they take the qualification calibration again). Either way their gold
 * and calibration windows restart now, so the answers that led to a flag do not flag them again.
 * Only annotators who worked in this campaign can be named: a lead's rights end at their campaign.
 */
export async function requalifyAnnotator(ctx: ServiceContext, campaign: CampaignRow, input: z.input<typeof Input>): Promise<RequalifyResult> {
  const { annotator: raw, mode, platform } = Input.parse(input);
  const ref = parseAnnotatorRef(raw);
  return await withTransaction(ctx, async () => {
    let found = await annotatorsInCampaignMatching(ctx.db, campaign.id, ref.key, ref.platform);
    // The lead's own platform first, when the same id or name is known on several.
    if (found.length > 1 && !ref.platform && platform) {
      const here = found.filter((a) => a.platform === platform);
      if (here.length > 0) found = here;
    }
    if (found.length === 0) {
      throw new PairwiseError(
        "NOT_FOUND",
        `Nobody called "${raw.slice(0, 80)}" has worked in ${campaign.name}. Name them by mention, by platform:userId (for example slack:U0123ABC), or by the display name the reports show.`,
      );
    }
    if (found.length > 1) {
      const list = found.map((a) => `${a.platform}:${a.userId}${a.displayName ? ` (${a.displayName})` : ""}`).join(", ");
      throw new PairwiseError(
        "VALIDATION",
        `"${raw.slice(0, 80)}" matches ${found.length} annotators of ${campaign.name}: ${list}. Name one as platform:userId.`,
      );
    }
    const annotator = found[0]!;
    const after = mode === "requalify" ? "qualified" : "new";
    await restartAnnotator(ctx.db, annotator.id, after, ctx.clock.now());
    await clearLeadsToldStuck(ctx.db, annotator.id, campaign.id);
    ctx.logger.info({ annotator: annotator.id, campaign: campaign.name, from: annotator.status, to: after }, "annotator restarted by a lead");
    return { annotator: { ...annotator, status: after }, before: annotator.status, after };
  });
}
