import { rmSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { createStagingDir } from "../io/staging.js";
import type { ServiceContext } from "./context.js";
import { importComparisons, type ImportResult } from "./import-comparisons.js";

/**
 * The largest file `/pairwise import` takes as an attachment: a download held in memory first.
 * Larger files (or gzip them: a .jsonl.gz of this size holds far more) go through the CLI, which streams.
 */
export const MAX_ATTACHMENT_IMPORT_BYTES = 25 * 1024 * 1024;

/**
 * Imports a file that came as a chat attachment, with the same rules as the CLI (all or nothing,
 * the same limits and messages, named after the attachment). The bytes go to a staging folder
 * first, under the attachment's own name so its extension (.jsonl, .csv, .gz) picks the reader.
 */
export async function importAttachment(ctx: ServiceContext, input: { campaign: string; name: string; data: Buffer }): Promise<ImportResult> {
  const dir = createStagingDir();
  try {
    const name = basename(input.name.replaceAll("\\", "/")).replace(/[^\w.-]/g, "_") || "attachment";
    const path = join(dir, `upload-${name}`);
    writeFileSync(path, input.data);
    return await importComparisons(ctx, { campaign: input.campaign, path, fileLabel: input.name });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
