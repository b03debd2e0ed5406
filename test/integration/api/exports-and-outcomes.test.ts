import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EXPORT_FORMATS, runExport } from "../../../src/io/export/run-export.js";
import { buildReport } from "../../../src/services/reports/index.js";
import { castVote } from "../../../src/services/cast-vote.js";
import { nextAssignment } from "../../../src/services/next-assignment.js";
import { createTestCore, seedCampaign, type TestCore } from "../../helpers/core.js";
import { itemLines, startTestApi, type TestApi } from "../../helpers/api.js";

const CAMPAIGN = "name: c\nstatus: active\nguidelines: g\ngoldRate: 0\nqualificationGate: false\npeerReviewRate: 0\noverlap: 2\n";
let core: TestCore;
let api: TestApi;
beforeEach(async () => {
  core = createTestCore();
  await seedCampaign(core, CAMPAIGN);
  api = await startTestApi(core);
});
afterEach(async () => api.stop());

async function answerAll(user: string, pick: (i: number) => "1" | "2") {
  const who = { platform: "slack", workspaceId: "T1", userId: user };
  for (let i = 0; ; i++) {
    let a;
    try {
      a = await nextAssignment(core.services, { campaign: "c", annotator: who });
    } catch {
      return;
    }
    core.clock.advance(30_000);
    await castVote(core.services, { annotator: who, assignmentId: a.assignment.id, choice: await pick(i) });
  }
}

describe("exports over HTTP", () => {
  it("stream every format, byte-equal to the exporter's file, each kept as a snapshot named in its dataset card", async () => {
    const token = await api.token("items:write,exports", 100_000);
    expect(
      (await api.call(token, "/campaigns/c/items", { method: "POST", headers: { "content-type": "application/x-ndjson" }, body: itemLines(0, 12) })).status,
    ).toBe(201);
    await answerAll("U1", () => "1");
    await answerAll("U2", (i) => (i % 4 === 0 ? "2" : "1"));

    for (const format of EXPORT_FORMATS) {
      const res = await api.call(token, `/campaigns/c/export?format=${format}`);
      expect(res.status, `${format} ${res.status === 200 ? "" : await res.clone().text()}`).toBe(200);
      const body = Buffer.from(await res.arrayBuffer());
      const id = res.headers.get("pairwise-snapshot-id")!;
      expect(id).toMatch(/^snap_[0-9a-f]{16}$/);
      expect(res.headers.get("pairwise-content-sha256")).toBe(createHash("sha256").update(body).digest("hex"));
      const out = join(mkdtempSync(join(tmpdir(), "pw-exp-")), `c-${format}.jsonl`);
      await runExport(core.services, { campaign: "c", format, out });
      expect(body.equals(readFileSync(out)), format).toBe(true);
      const card = await (await api.call(token, `/snapshots/${id}/card`)).text();
      expect(card).toContain(id);
      const qa = (await (await api.call(token, `/snapshots/${id}/qa-report`)).json()) as { campaign: string };
      expect(qa.campaign).toBe("c");
    }
    const list = (await (await api.call(token, "/campaigns/c/snapshots")).json()) as { snapshots: unknown[] };
    expect(list.snapshots.length).toBe(EXPORT_FORMATS.length);
  });

  it("an export with nothing to write is a 422 that says why", async () => {
    const token = await api.token("items:write,exports:read");
    await api.call(token, "/campaigns/c/items", { method: "POST", headers: { "content-type": "application/x-ndjson" }, body: itemLines(0, 2) });
    const res = await api.call(token, "/campaigns/c/export?format=trl");
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("EMPTY");
  });
});

describe("outcomes", () => {
  it("are posted against a snapshot and shown per snapshot beside its agreement and size in the lead's report", async () => {
    const token = await api.token("items:write,exports:write,campaigns:read", 100_000);
    await api.call(token, "/campaigns/c/items", { method: "POST", headers: { "content-type": "application/x-ndjson" }, body: itemLines(0, 6) });
    await answerAll("U1", () => "1");
    await answerAll("U2", () => "1");
    const snap = (await (await api.call(token, "/campaigns/c/snapshots?format=trl", { method: "POST" })).json()) as {
      id: string;
      items: number;
      rows: number;
      sha256: string;
    };
    expect(snap.items).toBeGreaterThan(0);
    const post = (body: unknown) =>
      api.call(token, "/campaigns/c/outcomes", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    expect((await post({ snapshot_id: snap.id, model: "llama-dpo-r1", benchmark: "mt-bench", metric: "score", value: 7.12 })).status).toBe(201);
    expect((await post({ snapshot_id: "snap_0000000000000000", model: "m", benchmark: "b", metric: "x", value: 1 })).status).toBe(404);
    expect((await post({ snapshot_id: snap.id, model: "m", benchmark: "b", metric: "x" })).status).toBe(422);

    const report = await buildReport(core.services, "c", "outcomes");
    expect(report.table![1]).toEqual([
      snap.id,
      expect.any(String),
      "trl",
      String(snap.items),
      String(snap.rows),
      expect.any(String),
      "llama-dpo-r1",
      "mt-bench",
      "score",
      "7.12",
    ]);
    const viaApi = (await (await api.call(token, "/campaigns/c/reports/outcomes")).json()) as {
      data: { snapshots: { id: string; outcomes: { value: number }[] }[] };
    };
    expect(viaApi.data.snapshots[0]).toMatchObject({ id: snap.id, outcomes: [{ value: 7.12 }] });
  });
});
