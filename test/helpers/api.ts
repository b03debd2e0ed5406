import { mkdtempSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startApiServer, type ApiServer } from "../../adapters/api/index.js";
import { createApiToken } from "../../src/services/api/tokens.js";
import type { PairwiseCore } from "../../src/app.js";

export interface TestApi {
  url: string;
  server: ApiServer;
  /** A fresh token with these scopes (a comma list, as the CLI takes). */
  token(scopes: string, ratePerMinute?: number): Promise<string>;
  /** fetch against the API with a bearer token. */
  call(token: string | undefined, path: string, init?: RequestInit): Promise<Response>;
  stop(): Promise<void>;
}

let tokens = 0;

/** The pipeline API of a test core, on 127.0.0.1 at a port the OS picks. */
export async function startTestApi(core: PairwiseCore): Promise<TestApi> {
  const server = await startApiServer({
    services: core.services,
    logger: core.deps.logger,
    port: 0,
    host: "127.0.0.1",
    snapshotsDir: mkdtempSync(join(tmpdir(), "pw-snap-")),
    dispatch: core.deps,
  });
  const url = `http://127.0.0.1:${server.port}`;
  return {
    url,
    server,
    token: async (scopes, ratePerMinute) =>
      (await createApiToken(core.services, { name: `t${++tokens}`, scopes, ...(ratePerMinute ? { ratePerMinute } : {}) })).token,
    call: (token, path, init = {}) =>
      fetch(`${url}${path}`, {
        ...init,
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(init.headers as Record<string, string> | undefined) },
      }),
    stop: () => server.stop(),
  };
}

export interface ReceivedDelivery {
  headers: IncomingMessage["headers"];
  body: string;
  status: number;
}

/** A webhook receiver on 127.0.0.1 that answers what `answer` says (200 by default) and records every request. */
export async function startReceiver(
  answer: (n: number) => number = () => 200,
): Promise<{ url: string; received: ReceivedDelivery[]; port: number; stop(): Promise<void>; server: Server }> {
  const received: ReceivedDelivery[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const status = answer(received.length + 1);
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8"), status });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    port,
    server,
    stop: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

/** JSON Lines of plain items `prefix-<i>` for i in [from, to). */
export function itemLines(from: number, to: number, prefix = "item"): string {
  return Array.from({ length: to - from }, (_, k) => {
    const i = from + k;
    return JSON.stringify({ id: `${prefix}-${i}`, prompt: `Question ${i}?`, response_a: `Answer A ${i}`, response_b: `Answer B ${i}` });
  }).join("\n");
}
