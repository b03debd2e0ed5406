import { PairwiseError } from "../../errors.js";
import {
  countBakeoffPrompts,
  findBakeoffByCampaign,
  findBakeoffByName,
  listBakeoffs,
  type BakeoffStatus,
  type NamedBakeoff,
} from "../../storage/repos/bakeoffs.repo.js";
import type { ServiceContext } from "../context.js";

export type { NamedBakeoff } from "../../storage/repos/bakeoffs.repo.js";

/** A bake-off by name, or a NOT_FOUND error that lists the ones that exist. */
export async function requireBakeoff(ctx: ServiceContext, name: string): Promise<NamedBakeoff> {
  const found = await findBakeoffByName(ctx.db, name);
  if (found) return found;
  const names = (await listBakeoffs(ctx.db)).map((b) => b.name);
  const hint =
    names.length > 0
      ? `Bake-offs: ${names.join(", ")}.`
      : "None exists yet: create one with `/pairwise bakeoff create <name>` and the outputs file attached, or `pairwise bakeoff create <outputs file> --name <name>` on the server.";
  throw new PairwiseError("NOT_FOUND", `No bake-off named "${name}". ${hint}`);
}

/** The bake-off a campaign belongs to, if it is one. */
export const bakeoffOfCampaign = async (ctx: ServiceContext, campaignId: number): Promise<NamedBakeoff | undefined> =>
  await findBakeoffByCampaign(ctx.db, campaignId);

export const bakeoffsWithStatus = async (ctx: ServiceContext, status?: BakeoffStatus): Promise<NamedBakeoff[]> => await listBakeoffs(ctx.db, status);

/** How many prompts the bake-off's pairs are drawn from. */
export const promptsOfBakeoff = async (ctx: ServiceContext, bakeoffId: number): Promise<number> => await countBakeoffPrompts(ctx.db, bakeoffId);
