import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { HealthProbe, HealthReport } from "../../src/health.js";
import type { Logger } from "../../src/logger.js";

/** The paths a process manager probes: Kubernetes' conventional names. */
const LIVENESS_PATH = "/healthz";
const READINESS_PATH = "/readyz";

/**
 * Answers the health probes on any HTTP server: `GET /healthz` (liveness) and `GET /readyz`
 * (readiness), 200 when the check passes and 503 when not, with a small JSON body saying why.
 * Returns false for any other request, which the caller serves as it would have.
 */
export function serveHealth(probe: HealthProbe, req: IncomingMessage, res: ServerResponse): boolean {
  const path = (req.url ?? "").split("?")[0];
  if (path !== LIVENESS_PATH && path !== READINESS_PATH) return false;
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.writeHead(405, { allow: "GET, HEAD" }).end();
    return true;
  }
  // The checks read the database: answered when they are done, while this says the request is taken.
  void (path === LIVENESS_PATH ? probe.liveness() : probe.readiness()).then((report: HealthReport) => {
    const body = JSON.stringify({ status: report.ok ? "ok" : "failing", checks: report.checks });
    res.writeHead(report.ok ? 200 : 503, { "content-type": "application/json", "cache-control": "no-store" });
    res.end(req.method === "HEAD" ? undefined : body);
  });
  return true;
}

/**
 * A server of its own for the probes (PAIRWISE_HEALTH_PORT), for a bot with no HTTP receiver to
 * share (Discord on the gateway, Slack in Socket Mode). Anything but the probes gets a 404.
 */
export async function startHealthServer(probe: HealthProbe, port: number, logger: Logger): Promise<{ port: number; stop(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    if (!serveHealth(probe, req, res)) res.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  logger.info({ port: bound }, `health checks on ${LIVENESS_PATH} and ${READINESS_PATH}`);
  return {
    port: bound,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
