import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { withTransaction } from "../../../src/services/context.js";
import { createTestCore } from "../../helpers/core.js";

const FULL = 2;
const NORMAL = 1;

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function fileCore() {
  dir = mkdtempSync(join(tmpdir(), "pairwise-sync-"));
  return createTestCore({ databasePath: join(dir, "p.db") });
}

describe("withTransaction durability", () => {
  it("commits with an fsync (synchronous=FULL) unless told the work may be lost to a power cut", async () => {
    const core = fileCore();
    const level = () => core.services.db.$client.pragma("synchronous", { simple: true });
    expect(await withTransaction(core.services, async () => level())).toBe(FULL);
    expect(await withTransaction(core.services, async () => level(), { durable: false })).toBe(NORMAL);
    expect(level()).toBe(FULL);
    core.services.db.$client.close();
  });

  it("goes back to FULL when the transaction throws", async () => {
    const core = fileCore();
    await expect(
      withTransaction(
        core.services,
        async () => {
          throw new Error("boom");
        },
        { durable: false },
      ),
    ).rejects.toThrow("boom");
    expect(core.services.db.$client.pragma("synchronous", { simple: true })).toBe(FULL);
    core.services.db.$client.close();
  });

  it("a nested call keeps its caller's durability", async () => {
    const core = fileCore();
    const inner = await withTransaction(
      core.services,
      async () => await withTransaction(core.services, async () => core.services.db.$client.pragma("synchronous", { simple: true }), { durable: false }),
    );
    expect(inner).toBe(FULL);
    core.services.db.$client.close();
  });
});
