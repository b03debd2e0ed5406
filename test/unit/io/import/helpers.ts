import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import type { ImportedItem } from "../../../../src/domain/comparison.js";
import { PairwiseError } from "../../../../src/errors.js";
import { readImportFile, type ImportOptions, type ImportReport } from "../../../../src/io/import/index.js";

const FIXTURES = "test/fixtures/import";
export const fixture = (name: string): string => join(FIXTURES, name);

/** mulberry32: a tiny seeded generator, uniform in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Reads a whole file into memory (fine for fixtures) with a seeded random unless one is given. */
export async function readAll(path: string, options: ImportOptions = {}): Promise<{ items: ImportedItem[]; report: ImportReport }> {
  const read = readImportFile(path, { random: seededRandom(7), ...options });
  const items: ImportedItem[] = [];
  for await (const item of read.items) items.push(item);
  return { items, report: read.report };
}

/** The error a read throws; fails the test if it does not throw a PairwiseError. */
export async function readError(path: string, options: ImportOptions = {}): Promise<PairwiseError> {
  try {
    await readAll(path, options);
  } catch (error) {
    if (error instanceof PairwiseError) return error;
    throw error;
  }
  throw new Error(`expected reading ${path} to fail`);
}

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Writes `content` to a fresh temp file named `name` (the extension picks the container). */
export function tempFile(name: string, content: string | Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), "pw-import-test-"));
  dirs.push(dir);
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** JSON Lines from objects, one a line. */
export const jsonl = (...rows: unknown[]): string => rows.map((row) => JSON.stringify(row)).join("\n") + "\n";
