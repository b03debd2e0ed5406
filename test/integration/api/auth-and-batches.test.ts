import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestCore, seedCampaign, type TestCore } from "../../helpers/core.js";
import { itemLines, startTestApi, type TestApi } from "../../helpers/api.js";
import { revokeToken } from "../../../src/services/api/tokens.js";

const CAMPAIGN = "name: c\nstatus: active\nguidelines: g\ngoldRate: 0\nqualificationGate: false\npeerReviewRate: 0\noverlap: 1\n";
let core: TestCore;
let api: TestApi;

beforeEach(async () => {
  core = createTestCore();
  await seedCampaign(core, CAMPAIGN);
  api = await startTestApi(core);
});
afterEach(async () => api.stop());

const count = () => (core.services.db.$client.prepare("SELECT count(*) AS n FROM comparisons").get() as { n: number }).n;
const jsonl = { "content-type": "application/x-ndjson" };

describe("pipeline API: tokens and scopes (real HTTP)", () => {
  it("refuses a request without a token, with an unknown or a revoked one, and one lacking the scope; accepts the right scope", async () => {
    expect((await api.call(undefined, "/campaigns")).status).toBe(401);
    expect((await api.call("pw_not-a-real-token-at-all-000000", "/campaigns")).status).toBe(401);
    const reader = await api.token("judgments:read");
    const refused = await api.call(reader, "/campaigns");
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toContain("campaigns:read");
    const writer = await api.token("campaigns:write");
    expect((await api.call(writer, "/campaigns")).status).toBe(200); // write includes read
    expect((await api.call(reader, "/campaigns/c/items", { method: "POST", headers: jsonl, body: itemLines(0, 2) })).status).toBe(403);
    const all = await api.token("all");
    expect((await api.call(all, "/campaigns/c")).status).toBe(200);
    await revokeToken(core.services, "t3");
    expect((await api.call(all, "/campaigns/c")).status).toBe(401);
  });

  it("rate-limits per token with 429 and Retry-After, leaving other tokens alone", async () => {
    const slow = await api.token("campaigns:read", 10);
    const other = await api.token("campaigns:read");
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 11; i++) {
      const r = await api.call(slow, "/campaigns");
      statuses.push(r.status);
      if (r.status === 429) retryAfter = r.headers.get("retry-after");
    }
    expect(statuses.slice(0, 10).every((s) => s === 200)).toBe(true);
    expect(statuses[10]).toBe(429);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    expect((await api.call(other, "/campaigns")).status).toBe(200);
  });

  it("refuses an oversized campaign file with 413 before reading it all", async () => {
    const token = await api.token("campaigns:write");
    const res = await api.call(token, "/campaigns", {
      method: "POST",
      headers: { "content-type": "application/yaml" },
      body: `name: big\nguidelines: ${"x".repeat(2 * 1024 * 1024)}\n`,
    });
    expect(res.status).toBe(413);
    const ok = await api.call(token, "/campaigns", {
      method: "POST",
      headers: { "content-type": "application/yaml" },
      body: "name: small\nguidelines: g\noverlap: 0\n",
    });
    expect(ok.status).toBe(422);
    expect(((await ok.json()) as { error: { message: string; field: string } }).error.message).toMatch(/request body:3, field "overlap"/);
  });

  it("serves no token in any answer and stores only its hash", async () => {
    const token = await api.token("all");
    const row = core.services.db.$client.prepare("SELECT * FROM api_tokens").get() as Record<string, unknown>;
    expect(JSON.stringify(row)).not.toContain(token);
    expect(token.startsWith("pw_")).toBe(true);
  });
});

describe("pipeline API: item batches", () => {
  it("a batch with a bad line writes nothing and names the line and field", async () => {
    const token = await api.token("items:write");
    const lines = itemLines(0, 5).split("\n");
    lines[3] = JSON.stringify({ id: "item-3", prompt: "Q?", response_a: "A" });
    const r = await api.call(token, "/campaigns/c/items", { method: "POST", headers: jsonl, body: lines.join("\n") });
    expect(r.status).toBe(422);
    const body = (await r.json()) as { error: { message: string; line: number; field: string } };
    expect(body.error.line).toBe(4);
    expect(body.error.message).toMatch(/request body:4/);
    expect(body.error.message).toContain("response_b");
    expect(count()).toBe(0);
    expect((core.services.db.$client.prepare("SELECT count(*) AS n FROM import_batches").get() as { n: number }).n).toBe(0);
  });

  it("takes a JSON array as well as JSON Lines, and refuses other content types", async () => {
    const token = await api.token("items:write");
    const array = `[${itemLines(0, 3).split("\n").join(",")}]`;
    const r = await api.call(token, "/campaigns/c/items", { method: "POST", headers: { "content-type": "application/json" }, body: array });
    expect(r.status).toBe(201);
    expect(count()).toBe(3);
    expect((await api.call(token, "/campaigns/c/items", { method: "POST", headers: { "content-type": "text/csv" }, body: "a,b" })).status).toBe(415);
  });

  it("a retried POST with the same client ids creates nothing twice", async () => {
    const token = await api.token("items:write");
    const first = await api.call(token, "/campaigns/c/items", { method: "POST", headers: jsonl, body: itemLines(0, 50) });
    expect(first.status).toBe(201);
    const created = (await first.json()) as { batch: { id: number; items: number }; replayed: boolean };
    expect(created.batch.items).toBe(50);
    expect(first.headers.get("location")).toBe(`/batches/${created.batch.id}`);

    // The same bytes again (the client never saw the answer): the same batch, nothing new.
    const again = await api.call(token, "/campaigns/c/items", { method: "POST", headers: jsonl, body: itemLines(0, 50) });
    expect(again.status).toBe(200);
    expect((await again.json()) as { batch: { id: number }; replayed: boolean }).toMatchObject({ batch: { id: created.batch.id }, replayed: true });
    expect(count()).toBe(50);

    // A retry that overlaps (re-chunked by the client): only the new rows are created.
    const overlap = await api.call(token, "/campaigns/c/items", { method: "POST", headers: jsonl, body: itemLines(40, 60) });
    expect(overlap.status).toBe(201);
    expect(((await overlap.json()) as { batch: { items: number; already_present: number } }).batch).toMatchObject({ items: 10, already_present: 10 });
    expect(count()).toBe(60);

    // An id reused for other content is a real clash: refused, naming the line.
    const clash = await api.call(token, "/campaigns/c/items", {
      method: "POST",
      headers: jsonl,
      body: [itemLines(60, 61), JSON.stringify({ id: "item-5", prompt: "Other?", response_a: "x", response_b: "y" })].join("\n"),
    });
    expect(clash.status).toBe(409);
    expect(((await clash.json()) as { error: { line: number } }).error.line).toBe(2);
    expect(count()).toBe(60);
  });

  it("each batch has its own progress", async () => {
    const token = await api.token("items:write");
    const r = (await (await api.call(token, "/campaigns/c/items", { method: "POST", headers: jsonl, body: itemLines(0, 4) })).json()) as {
      batch: { id: number };
    };
    const progress = await api.call(token, `/batches/${r.batch.id}`);
    expect(progress.status).toBe(200);
    expect(await progress.json()).toMatchObject({ id: r.batch.id, campaign: "c", items: 4, complete: 0, judgments: 0, progress: 0 });
    expect((await api.call(token, "/batches/999")).status).toBe(404);
    const list = (await (await api.call(token, "/campaigns/c/batches")).json()) as { batches: { id: number; items: number }[] };
    expect(list.batches).toEqual([expect.objectContaining({ id: r.batch.id, items: 4 })]);
  });
});
