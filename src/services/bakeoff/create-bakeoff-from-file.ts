import type { z } from "zod";
import type { BakeoffSettings } from "../../domain/bakeoff.js";
import { parseBakeoffRecords, type BakeoffEntries } from "../../io/bakeoff-file.js";
import { readBakeoffRecords } from "../../io/bakeoff-records.js";
import type { ServiceContext } from "../context.js";
import { createBakeoff } from "./create-bakeoff.js";
import type { NamedBakeoff } from "./find-bakeoff.js";

/** The largest outputs file a bake-off takes as a chat attachment (read in memory); the CLI takes larger ones. */
export const MAX_BAKEOFF_ATTACHMENT_BYTES = 10 * 1024 * 1024;

/**
 * Creates a bake-off (a draft) from an outputs file that came as bytes, a chat attachment: the
 * same formats, checks and messages as `pairwise bakeoff create`, errors naming the file (by the
 * attachment's name), the line and the field. Nothing is created when a row is wrong.
 */
export async function createBakeoffFromFile(
  ctx: ServiceContext,
  input: { settings: z.input<typeof BakeoffSettings>; fileName: string; data: Buffer },
): Promise<{ bakeoff: NamedBakeoff; outputs: BakeoffEntries }> {
  const outputs = parseBakeoffRecords(readBakeoffRecords(input.data, input.fileName), input.fileName);
  return { bakeoff: await createBakeoff(ctx, { settings: input.settings, outputs }), outputs };
}
