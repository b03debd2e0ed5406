import { spawn, type ChildProcess } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { runCli } from "./cli.js";

export const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

/** A campaign with `items` comparisons in a fresh database file, made through the CLI as a lead would. */
export async function prepareCampaign(
  dir: string,
  items: number,
  yaml = "name: c\nstatus: active\nguidelines: g\ngoldRate: 0\nqualificationGate: false\npeerReviewRate: 0\noverlap: 1\n",
): Promise<string> {
  const db = join(dir, "bot.db");
  writeFileSync(join(dir, "c.yaml"), yaml);
  writeFileSync(
    join(dir, "items.jsonl"),
    Array.from({ length: items }, (_, i) =>
      JSON.stringify({ id: `q${i}`, prompt: `Question ${i}?`, response_a: `Answer A${i}`, response_b: `Answer B${i}` }),
    ).join("\n"),
  );
  for (const args of [
    ["campaign", "create", join(dir, "c.yaml")],
    ["import", "c", join(dir, "items.jsonl")],
  ]) {
    const r = await runCli(args, { DATABASE_PATH: db });
    if (r.error) throw new Error(r.error);
  }
  return db;
}

/** Starts `src/main.ts` as `npm start` would, and resolves once the log says `ready`. */
export async function startBot(env: Record<string, string>, ready: string): Promise<{ child: ChildProcess; logs: string[] }> {
  const logs: string[] = [];
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    env: { ...process.env, LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (d: Buffer) => logs.push(d.toString()));
  child.stderr!.on("data", (d: Buffer) => logs.push(d.toString()));
  const deadline = Date.now() + 30_000;
  while (!logs.join("").includes(ready)) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`bot did not start:\n${logs.join("")}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { child, logs };
}
