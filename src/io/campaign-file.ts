import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { LineCounter, parseDocument, isNode, type Document } from "yaml";
import type { z } from "zod";
import { CampaignFile } from "../domain/campaign-settings.js";
import { PairwiseError } from "../errors.js";

/**
 * Reads a campaign file (YAML, or JSON, which YAML parses too) and validates it. Every problem is
 * reported with the file, the line and the field, all at once, so a lead fixes them in one pass.
 */
export function readCampaignFile(path: string): CampaignFile {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new PairwiseError("VALIDATION", `Cannot read campaign file ${path}: ${(error as Error).message}`);
  }
  return parseCampaignText(text, basename(path));
}

export function parseCampaignText(text: string, fileLabel: string): CampaignFile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    const first = doc.errors[0]!;
    const line = first.linePos?.[0]?.line ?? lineCounter.linePos(first.pos[0]).line;
    throw new PairwiseError("VALIDATION", `${fileLabel}${line ? `:${line}` : ""}: not valid YAML or JSON: ${first.message.split("\n")[0]}`, {
      location: { file: fileLabel, ...(line ? { line } : {}) },
    });
  }
  const data: unknown = doc.toJS();
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    throw new PairwiseError(
      "VALIDATION",
      `${fileLabel}: a campaign file is a mapping of fields (name, guidelines, overlap, …), not ${Array.isArray(data) ? "a list" : typeof data}`,
    );
  }
  const parsed = CampaignFile.safeParse(data);
  if (!parsed.success) throw campaignFileError(parsed.error, doc, lineCounter, fileLabel);
  return parsed.data;
}

function campaignFileError(error: z.ZodError, doc: Document, lineCounter: LineCounter, fileLabel: string): PairwiseError {
  const lines = error.issues.map((issue) => {
    let path = issue.path.map(String);
    let message = issue.message;
    if (issue.code === "unrecognized_keys") {
      message = `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")} (check the spelling; the README lists the fields)`;
      path = [...path, String(issue.keys[0])];
    }
    const line = lineOf(doc, lineCounter, path);
    const field = path.join(".") || "(top level)";
    return `${fileLabel}${line ? `:${line}` : ""}, field "${field}": ${message}`;
  });
  const firstPath = error.issues[0]?.path.map(String) ?? [];
  return new PairwiseError("VALIDATION", lines.join("\n"), {
    location: { file: fileLabel, field: firstPath.join(".") },
  });
}

/** The line of the node at `path`, or of its nearest existing parent. */
function lineOf(doc: Document, lineCounter: LineCounter, path: string[]): number | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const keys = path.slice(0, depth).map((k) => (/^\d+$/.test(k) ? Number(k) : k));
    const node = depth === 0 ? doc.contents : doc.getIn(keys, true);
    if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
  }
  return undefined;
}
