import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { KeyObject } from "node:crypto";
import type { SeenRequests } from "../../src/core/port.js";
import type { HealthProbe } from "../../src/health.js";
import type { Logger } from "../../src/logger.js";
import { serveHealth } from "../health/http.js";
import type { RawInteraction } from "./parse.js";
import type { HttpResponder, InitialResponse } from "./responder.js";
import { InteractionType } from "./serve-interaction.js";
import { MAX_DISCORD_BODY_BYTES, readBody, verifyDiscordRequest } from "./signed-request.js";

/** Where Discord POSTs interactions (the Interactions Endpoint URL ends with it). */
const DISCORD_INTERACTIONS_PATH = "/discord/interactions";

export interface InteractionsEndpointOptions {
  publicKey: KeyObject;
  seenRequests: SeenRequests;
  logger: Logger;
  /** Answer the health checks (`/healthz`, `/readyz`) on this port too. */
  health?: HealthProbe;
  /** A responder for a verified interaction (the adapter's, with its REST client). */
  responder(raw: RawInteraction): HttpResponder;
  /** Serves a verified interaction through `responder`; resolves when all its work is done. */
  serve(raw: RawInteraction, responder: HttpResponder): Promise<void>;
}

/**
 * The Interactions Endpoint: an HTTP server taking Discord's signed POSTs. Every request is
 * verified (Ed25519 signature, 5-minute window) before its body is parsed or anything about it is
 * kept, then refused if it was served before (a captured request replayed inside the window).
 * PING is answered with PONG; anything else is served, and its initial response is the HTTP answer.
 */
export class InteractionsEndpoint {
  private server: Server | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  port = 0;

  constructor(private readonly options: InteractionsEndpointOptions) {}

  async start(port: number, host?: string): Promise<void> {
    const server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      if (host) server.listen(port, host, () => resolve());
      else server.listen(port, () => resolve());
    });
    this.server = server;
    const address = server.address() as AddressInfo | string | null;
    this.port = typeof address === "object" && address ? address.port : port;
    this.options.logger.info({ port: this.port, path: DISCORD_INTERACTIONS_PATH }, "Discord interactions endpoint listening");
  }

  /** Stops taking requests; interactions in flight (their votes, their follow-ups) finish first. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    const idle = setInterval(() => server.closeIdleConnections(), 20);
    server.closeIdleConnections();
    await Promise.allSettled([...this.inFlight]);
    await closed.finally(() => clearInterval(idle));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { logger, health } = this.options;
    if (health && serveHealth(health, req, res)) return;
    if ((req.url ?? "").split("?")[0] !== DISCORD_INTERACTIONS_PATH) return void res.writeHead(404).end();
    if (req.method !== "POST") return void res.writeHead(405, { allow: "POST" }).end();
    const body = await readBody(req, MAX_DISCORD_BODY_BYTES);
    if (!body) return void res.writeHead(413).end();
    const verdict = verifyDiscordRequest(req.headers, body, this.options.publicKey, Date.now());
    if (verdict.kind === "refused") {
      logger.debug({ reason: verdict.reason }, "refused a Discord interaction request");
      return void res.writeHead(verdict.status).end();
    }
    if (!(await this.options.seenRequests.firstTime(verdict.key, verdict.expiresAt))) {
      logger.warn("refused a replayed Discord interaction request");
      return void res.writeHead(401).end();
    }
    let raw: RawInteraction;
    try {
      raw = JSON.parse(verdict.body.toString("utf8")) as RawInteraction;
      if (!raw || typeof raw !== "object" || typeof raw.type !== "number") throw new Error("not an interaction");
    } catch {
      return void res.writeHead(400).end();
    }
    if (raw.type === InteractionType.Ping) return void answer(res, { type: 1 });
    if (typeof raw.id !== "string" || typeof raw.token !== "string") return void res.writeHead(400).end();
    const responder = this.options.responder(raw);
    const done = this.options.serve(raw, responder);
    this.inFlight.add(done);
    void done.finally(() => this.inFlight.delete(done));
    // The answer is the initial response; work that goes on after it (a deferred reply) uses REST.
    const initial = await Promise.race([responder.initial, done.then(() => undefined)]);
    res.once("close", () => responder.sent());
    if (!initial) {
      // Served without any answer (Discord then tells the user the interaction failed).
      logger.warn({ id: raw.id }, "discord interaction served without an answer");
      res.writeHead(500).end();
      return;
    }
    answer(res, initial, () => responder.sent());
  }
}

function answer(res: ServerResponse, body: InitialResponse | { type: 1 }, written?: () => void): void {
  res.writeHead(200, { "content-type": "application/json" });
  res.end(JSON.stringify(body), written);
}
