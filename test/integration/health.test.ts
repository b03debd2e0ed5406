import { describe, expect, it } from "vitest";
import { startHealthServer } from "../../adapters/health/http.js";
import { loadConfig } from "../../src/config.js";
import { Health } from "../../src/health.js";
import { silentLogger } from "../../src/logger.js";
import { openDatabase, pingDatabase } from "../../src/storage/database.js";

async function probe(port: number, path: string): Promise<{ status: number; body: { status: string; checks: Record<string, string> } }> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: res.status, body: (await res.json()) as { status: string; checks: Record<string, string> } };
}

describe("health checks", () => {
  it("liveness follows the database; readiness also waits for the start and fails from the first moment of a stop", async () => {
    const db = openDatabase(":memory:");
    const health = new Health(async () => await pingDatabase(db));
    const server = await startHealthServer(health, 0, silentLogger());
    try {
      expect(await probe(server.port, "/healthz")).toEqual({ status: 200, body: { status: "ok", checks: { database: "ok" } } });
      expect(await probe(server.port, "/readyz")).toEqual({ status: 503, body: { status: "failing", checks: { database: "ok", phase: "starting" } } });
      health.markServing();
      expect((await probe(server.port, "/readyz")).status).toBe(200);
      health.markStopping();
      expect(await probe(server.port, "/readyz")).toEqual({ status: 503, body: { status: "failing", checks: { database: "ok", phase: "stopping" } } });
      db.$client.close();
      expect(await probe(server.port, "/healthz")).toEqual({ status: 503, body: { status: "failing", checks: { database: "the database is closed" } } });
      expect((await fetch(`http://127.0.0.1:${server.port}/other`)).status).toBe(404);
    } finally {
      await server.stop();
    }
  });

  it("PAIRWISE_HEALTH_PORT is a port number", () => {
    expect(loadConfig({ PAIRWISE_HEALTH_PORT: "8080" }).healthPort).toBe(8080);
    expect(loadConfig({}).healthPort).toBeUndefined();
    expect(() => loadConfig({ PAIRWISE_HEALTH_PORT: "http" })).toThrow(/PAIRWISE_HEALTH_PORT: .*set it to a port number/);
  });
});
