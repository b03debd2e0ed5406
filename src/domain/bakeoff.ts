import { z } from "zod";
import { PersonRef } from "./campaign-settings.js";
import { BAKEOFF_PRIOR, DEFAULT_BAKEOFF_POLICY, type BakeoffPolicy } from "../stats/bakeoff-board.js";

/** The rules a lead sets when creating a bake-off, with their defaults. */
export const BakeoffSettings = z.object({
  name: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, "must be lowercase letters, digits, - and _ (at most 63), starting with a letter or digit"),
  title: z.string().trim().min(1).max(150).optional(),
  /** Who leads it besides PAIRWISE_LEADS: `slack:U0123ABC`, `discord:1234…`. */
  leads: z.array(PersonRef).default([]),
  /** Stable when each model is ahead of the next at this confidence. */
  confidence: z.number().min(0.5).max(0.999).default(DEFAULT_BAKEOFF_POLICY.confidence),
  /** Votes each model takes part in before the ranking may be called stable. */
  minViews: z.number().int().min(0).max(100).default(DEFAULT_BAKEOFF_POLICY.minViews),
  /** Share of pairs drawn uniformly at random. */
  exploration: z.number().min(0).max(1).default(DEFAULT_BAKEOFF_POLICY.exploration),
  /** Elo points within which neighbours count as tied (0: never tied). */
  margin: z.number().min(0).max(1000).default(DEFAULT_BAKEOFF_POLICY.margin),
  /** The bake-off ends unstable after this many votes. */
  maxVotes: z.number().int().min(5).max(100_000).default(200),
  /** Pairs posted at once, each waiting for its vote. */
  parallel: z.number().int().min(1).max(10).default(2),
});
export type BakeoffSettings = z.infer<typeof BakeoffSettings>;

/** The leaderboard policy of a stored bake-off. */
export function policyOf(b: { confidence: number; minViews: number; exploration: number; margin: number }): BakeoffPolicy {
  return { confidence: b.confidence, minViews: b.minViews, exploration: b.exploration, margin: b.margin, prior: BAKEOFF_PRIOR };
}
