import type { AddressInfo } from "node:net";
import { serve, type ServerType } from "@hono/node-server";
import type { DispatchDeps } from "../../src/core/dispatch-context.js";
import type { Logger } from "../../src/logger.js";
import type { ServiceContext } from "../../src/services/context.js";
import { buildApiApp, OPENAPI_PATH } from "./app.js";

export interface ApiServer {
  port: number;
  /** Stops taking connections and waits for the requests in flight (a batch being written finishes first). */
  stop(): Promise<void>;
}

/**
 * Serves the pipeline API on `port` (0: one the OS picks) on `host` (default every interface, as
 * the Slack receiver does). Requests are not logged with their headers: the bearer token stays out of the log.
 */
export async function startApiServer(options: {
  services: ServiceContext;
  logger: Logger;
  port: number;
  host?: string;
  snapshotsDir: string;
  dispatch?: DispatchDeps;
}): Promise<ApiServer> {
  const app = buildApiApp({
    services: options.services,
    logger: options.logger,
    snapshotsDir: options.snapshotsDir,
    ...(options.dispatch ? { dispatch: options.dispatch } : {}),
  });
  const server = await new Promise<ServerType>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: options.port, ...(options.host ? { hostname: options.host } : {}) }, () => resolve(s));
    s.once("error", reject);
  });
  const port = (server.address() as AddressInfo).port;
  options.logger.info({ port }, `pipeline API listening (OpenAPI document at ${OPENAPI_PATH})`);
  return {
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Idle keep-alive connections would hold the close open; requests in flight finish.
        (server as { closeIdleConnections?: () => void }).closeIdleConnections?.();
      }),
  };
}
