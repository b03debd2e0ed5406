import { Validator } from "@seriousme/openapi-schema-validator";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildApiApp } from "../../../adapters/api/app.js";
import { createTestCore, type TestCore } from "../../helpers/core.js";
import { startTestApi, type TestApi } from "../../helpers/api.js";

let core: TestCore;
let api: TestApi;
beforeEach(async () => {
  core = createTestCore();
  api = await startTestApi(core);
});
afterEach(async () => api.stop());

interface Document {
  openapi: string;
  paths: Record<string, Record<string, { security?: unknown[] }>>;
}

describe("the OpenAPI document", () => {
  it("is served without a token and is a valid OpenAPI 3.1 document", async () => {
    const res = await fetch(`${api.url}/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as Document;
    expect(doc.openapi).toBe("3.1.0");
    const result = await new Validator().validate(doc as never);
    expect(result.errors ?? [], JSON.stringify(result.errors, null, 2)).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it("lists every served route, and serves every route it lists", async () => {
    const app = buildApiApp({ services: core.services, logger: core.deps.logger, snapshotsDir: "/tmp" });
    const doc = (await (await fetch(`${api.url}/openapi.json`)).json()) as Document;
    const documented = Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`));
    // Hono's router lists each handler (middleware too); the document's own route is the one left out.
    const served = [...new Set(app.routes.filter((r) => r.method !== "ALL").map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, "{$1}")}`))].filter(
      (r) => r !== "GET /openapi.json",
    );
    expect(served.sort()).toEqual([...documented].sort());
    // Every documented route needs a token, and asking without one is refused (so it is really served, not a 404).
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        expect(op.security, `${method} ${path}`).toEqual([{ bearerAuth: [] }]);
        const url = path.replace(/\{(\w+)\}/g, "1");
        const res = await fetch(`${api.url}${url}`, { method: method.toUpperCase() });
        expect(res.status, `${method} ${path}`).toBe(401);
      }
    }
  });
});
