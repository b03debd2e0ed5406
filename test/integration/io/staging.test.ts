import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { createStagingDir, removeStaleStaging } from "../../../src/io/staging.js";
import { waitFor } from "../../helpers/wait-for.js";

/** The pid of a process that has exited (so nothing runs under it now). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
  return Number(child.stdout);
}

const stagingDirsOf = (pid: number) =>
  readdirSync(tmpdir()).filter(
    (name) =>
      name.startsWith("pairwise-import-") &&
      existsSync(join(tmpdir(), name, "owner.pid")) &&
      readFileSync(join(tmpdir(), name, "owner.pid"), "utf8") === String(pid),
  );

describe("import staging folders", () => {
  it("those of dead processes are removed; those of live imports, and fresh unmarked ones, are kept", () => {
    const dead = mkdtempSync(join(tmpdir(), "pairwise-import-"));
    writeFileSync(join(dead, "owner.pid"), String(deadPid()));
    writeFileSync(join(dead, "staging.db"), "x");
    const live = createStagingDir();
    const oldUnmarked = mkdtempSync(join(tmpdir(), "pairwise-import-"));
    utimesSync(oldUnmarked, new Date(Date.now() - 3_600_000), new Date(Date.now() - 3_600_000));
    const freshUnmarked = mkdtempSync(join(tmpdir(), "pairwise-import-"));
    try {
      const removed = removeStaleStaging();
      expect(removed).toEqual(expect.arrayContaining([dead, oldUnmarked]));
      expect(removed).not.toContain(live);
      expect(existsSync(dead) || existsSync(oldUnmarked)).toBe(false);
      expect(existsSync(live) && existsSync(freshUnmarked)).toBe(true);
    } finally {
      for (const dir of [dead, live, oldUnmarked, freshUnmarked]) rmSync(dir, { recursive: true, force: true });
    }
  });

  it("an import killed with SIGKILL mid-way leaves its folder, and the next import removes it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pw-kill-import-"));
    mkdirSync(dir, { recursive: true });
    const rows = Array.from({ length: 150_000 }, (_, i) =>
      JSON.stringify({ id: `q${i}`, prompt: `Question ${i}: ${"context ".repeat(20)}?`, response_a: `Answer A${i}`, response_b: `Answer B${i}` }),
    );
    writeFileSync(join(dir, "big.jsonl"), rows.join("\n"));
    writeFileSync(join(dir, "c.yaml"), "name: c\nguidelines: g\n");
    const env = { ...process.env, DATABASE_PATH: join(dir, "p.db") };
    const cli = fileURLToPath(new URL("../../../src/cli/index.ts", import.meta.url));
    expect(spawnSync(process.execPath, ["--import", "tsx", cli, "campaign", "create", join(dir, "c.yaml")], { env }).status).toBe(0);
    const importing = spawn(process.execPath, ["--import", "tsx", cli, "import", "c", join(dir, "big.jsonl")], { env, stdio: "ignore" });
    const exited = new Promise((resolve) => importing.once("exit", resolve));
    const [left] = await waitFor(() => (stagingDirsOf(importing.pid!).length > 0 ? stagingDirsOf(importing.pid!) : undefined), "the import to stage", 20_000);
    importing.kill("SIGKILL");
    await exited;
    const folder = join(tmpdir(), left!);
    expect(existsSync(folder)).toBe(true);

    writeFileSync(join(dir, "small.jsonl"), rows.slice(0, 1).join("\n"));
    expect(spawnSync(process.execPath, ["--import", "tsx", cli, "import", "c", join(dir, "small.jsonl")], { env }).status).toBe(0);
    expect(existsSync(folder)).toBe(false);
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);
});
