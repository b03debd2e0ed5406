import { createHmac, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { validateMessageBlocks, validateModal } from "./validate-blocks.js";
import { FaultPlan, wait, type Fault } from "../faults.js";
import { channelMessages, historyPage } from "./history.js";

export interface RecordedCall {
  method: string;
  args: Record<string, unknown>;
  /** What the fake answered (status 200 answers only). */
  result?: Record<string, unknown>;
  status: number;
  /** When the request arrived (ms since epoch). */
  at?: number;
  /** A fault answered a failure (or nothing) although the call took effect: `result` is what Slack holds. */
  landed?: boolean;
}

type Json = Record<string, unknown>;

/**
 * A local fake of the Slack Web API on 127.0.0.1 that records calls and enforces Slack's rules:
 * Bearer token, block and text limits, trigger_ids valid 3 seconds and once, 429 with Retry-After
 * on demand, the files.uploadV2 flow, and response_url posts. Also builds and signs inbound
 * requests exactly as Slack does, for the real Bolt receiver.
 */
export class FakeSlack {
  readonly calls: RecordedCall[] = [];
  readonly responses: { id: string; body: Json }[] = [];
  readonly uploads = new Map<string, Buffer>();
  private server: Server | undefined;
  private readonly triggers = new Map<string, { issuedAt: number; used: boolean }>();
  private readonly failures = new Map<string, { status: number; retryAfter?: number; error?: string }[]>();
  private messageCounter = 1_700_000_000;
  private readonly faultPlan = new FaultPlan<string>();
  private readonly hung = new Set<ServerResponse>();
  private lastTsMicros = 0;
  /**
   * Channels the bot is not a member of. A bot posts only where it is a member: chat.postMessage
   * and chat.postEphemeral there answer `not_in_channel` (docs.slack.dev/reference/methods/chat.postMessage#errors,
   * …/chat.postEphemeral#errors), and a file shared there `not_in_channel` too
   * (…/files.completeUploadExternal#errors). DMs with the bot need no membership.
   */
  readonly notJoined = new Set<string>();
  url = "";

  constructor(readonly options: { token: string; signingSecret: string; teamId?: string }) {}

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    // A hung call is answered by nothing: its connection dies with the fake.
    for (const res of this.hung) res.destroy();
    this.hung.clear();
    const closed = new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
    // Connections still open (keep-alive, a call a fault holds) go with the fake instead of holding it up.
    this.server?.closeAllConnections();
    await closed;
  }

  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  /** The next calls of `method` fail this way (e.g. 429 with Retry-After), in order. */
  failNext(method: string, failure: { status: number; retryAfter?: number; error?: string }, times = 1): void {
    const list = this.failures.get(method) ?? [];
    for (let i = 0; i < times; i++) list.push(failure);
    this.failures.set(method, list);
  }

  /**
   * Injects a fault into the Web API: for `method` (e.g. "chat.postMessage") or every method, the
   * next `count` calls (or all, until removed) fail, answer late, or both. Returns a remover.
   * Examples: `{ status: 503, count: 3 }`, `{ status: 429, retryAfter: 1 }`, `{ delayMs: 2000 }`,
   * `{ method: "chat.postMessage", status: 503, landed: true, count: 1 }` (posted, answer lost).
   */
  faults(fault: Fault & { method?: string }): () => void {
    return this.faultPlan.add((method) => !fault.method || fault.method === method, fault);
  }

  clearFaults(): void {
    this.faultPlan.clear();
  }

  /** The top-level messages of a channel as Slack holds them (oldest first, latest edit applied). */
  channelMessages(channel: string): Json[] {
    return channelMessages(this.calls, channel);
  }

  /** A trigger_id as Slack would put in an interaction payload: valid for 3 seconds, once. */
  issueTrigger(): string {
    const id = `${Date.now()}.${Math.floor(Math.random() * 1e9)}.${randomUUID().slice(0, 8)}`;
    this.triggers.set(id, { issuedAt: Date.now(), used: false });
    return id;
  }

  responseUrl(): string {
    return `${this.url}/respond/${randomUUID()}`;
  }

  /** Arguments of the successful calls of a method, in order. */
  of(method: string): Json[] {
    return this.calls.filter((c) => c.method === method && c.result?.ok === true).map((c) => c.args);
  }

  /** Calls Slack refused (a rule broken), to assert there are none. */
  refused(): RecordedCall[] {
    return this.calls.filter((c) => c.status === 200 && c.result?.ok === false);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await new Promise<Buffer>((resolve) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => resolve(Buffer.concat(chunks)));
    });
    const url = req.url ?? "";
    const reply = (status: number, json: Json, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(JSON.stringify(json));
    };
    if (url.startsWith("/upload/")) {
      this.uploads.set(url.slice("/upload/".length), fileBytes(body, String(req.headers["content-type"] ?? "")));
      res.writeHead(200, { "content-type": "text/plain" });
      res.end("OK - " + body.length);
      return;
    }
    if (url.startsWith("/respond/")) {
      // Faults on response_url posts are keyed "response_url", like a Web API method.
      const fault = this.faultPlan.take("response_url");
      if (fault?.status !== undefined) return reply(fault.status, { ok: false, error: "internal_error" });
      this.responses.push({ id: url.slice("/respond/".length), body: JSON.parse(body.toString("utf8") || "{}") as Json });
      reply(200, { ok: true });
      return;
    }
    if (!url.startsWith("/api/")) return reply(404, { ok: false, error: "unknown_url" });
    const method = url.slice("/api/".length).split("?")[0]!;
    if (req.headers.authorization !== `Bearer ${this.options.token}`) return reply(200, { ok: false, error: "invalid_auth" });
    const args = this.parseArgs(body, String(req.headers["content-type"] ?? ""));
    const at = Date.now();
    const fault = this.faultPlan.take(method);
    if (fault?.delayMs) await wait(fault.delayMs);
    if (fault && (fault.hang || fault.status !== undefined)) return this.injectFault(method, args, fault, at, res, reply);
    const failure = this.failures.get(method)?.shift();
    if (failure) {
      this.calls.push({ method, args, status: failure.status, at });
      if (failure.status === 429) return reply(429, { ok: false, error: "ratelimited" }, { "retry-after": String(failure.retryAfter ?? 1) });
      return reply(failure.status, { ok: false, error: failure.error ?? "internal_error" });
    }
    const result = this.answer(method, args);
    this.calls.push({ method, args, result, status: 200, at });
    reply(200, result);
  }

  /** Answers a failure (or nothing, for a hang); with `landed` or `hang` the call takes effect first. */
  private injectFault(
    method: string,
    args: Json,
    fault: Fault,
    at: number,
    res: ServerResponse,
    reply: (status: number, json: Json, headers?: Record<string, string>) => void,
  ): void {
    if (fault.hang) {
      this.calls.push({ method, args, result: this.answer(method, args), status: 0, at, landed: true });
      this.hung.add(res);
      res.on("close", () => this.hung.delete(res));
      return;
    }
    const status = fault.status ?? 500;
    const call: RecordedCall = { method, args, status, at };
    if (fault.landed) Object.assign(call, { result: this.answer(method, args), landed: true });
    this.calls.push(call);
    if (status === 429) return reply(429, { ok: false, error: "ratelimited" }, { "retry-after": String(fault.retryAfter ?? 1) });
    return reply(status, { ok: false, error: fault.error ?? "internal_error" });
  }

  /** A message ts from the wall clock (seconds.microseconds), unique and increasing, as Slack's are. */
  private nextTs(): string {
    this.lastTsMicros = Math.max(Date.now() * 1000, this.lastTsMicros + 1);
    return `${Math.floor(this.lastTsMicros / 1e6)}.${String(this.lastTsMicros % 1e6).padStart(6, "0")}`;
  }

  private parseArgs(body: Buffer, contentType: string): Json {
    const text = body.toString("utf8");
    if (contentType.includes("application/json")) return JSON.parse(text || "{}") as Json;
    const out: Json = {};
    for (const [key, value] of new URLSearchParams(text)) {
      // Nested arguments arrive JSON-stringified.
      if ((value.startsWith("{") || value.startsWith("[")) && ["blocks", "view", "files", "attachments", "metadata"].includes(key))
        out[key] = JSON.parse(value);
      else out[key] = value;
    }
    return out;
  }

  private answer(method: string, args: Json): Json {
    const team = this.options.teamId ?? "T0001";
    switch (method) {
      case "auth.test":
        return { ok: true, user_id: "UBOT", bot_id: "BBOT", team_id: team, team: "Test", user: "pairwise" };
      case "chat.postMessage":
      case "chat.update":
      case "chat.postEphemeral": {
        const error = validateMessageBlocks(args.blocks);
        if (error) return { ok: false, error };
        if (!args.channel) return { ok: false, error: "channel_not_found" };
        if (this.notJoined.has(String(args.channel))) return { ok: false, error: "not_in_channel" };
        if (!args.text && !args.blocks) return { ok: false, error: "no_text" };
        if (method === "chat.postEphemeral") return { ok: true, message_ts: `${this.messageCounter++}.000100` };
        const channel = String(args.channel).startsWith("U") ? `D${String(args.channel).slice(1)}` : String(args.channel);
        const ts = method === "chat.update" ? String(args.ts) : this.nextTs();
        return { ok: true, channel, ts, message: { text: args.text, blocks: args.blocks, ts } };
      }
      case "views.open":
      case "views.push": {
        const trigger = this.triggers.get(String(args.trigger_id));
        if (!trigger) return { ok: false, error: "invalid_trigger_id" };
        if (trigger.used) return { ok: false, error: "exchanged_trigger_id" };
        if (Date.now() - trigger.issuedAt > 3000) return { ok: false, error: "expired_trigger_id" };
        trigger.used = true;
        const error = validateModal(args.view as Json);
        if (error) return { ok: false, error };
        return { ok: true, view: { id: `V${this.messageCounter++}`, ...(args.view as Json) } };
      }
      case "views.update":
        return { ok: true, view: { id: String(args.view_id ?? "V1"), ...(args.view as Json) } };
      case "conversations.history": {
        if (!args.channel) return { ok: false, error: "channel_not_found" };
        return historyPage(this.channelMessages(String(args.channel)), args);
      }
      case "conversations.open":
        return { ok: true, channel: { id: `D${String(args.users).replace(/^U/, "")}` } };
      case "files.getUploadURLExternal": {
        const id = `F${this.messageCounter++}`;
        return { ok: true, upload_url: `${this.url}/upload/${id}`, file_id: id };
      }
      case "files.completeUploadExternal": {
        const files = args.files as { id: string; title?: string }[];
        if (!files?.every((f) => this.uploads.has(f.id))) return { ok: false, error: "file_not_found" };
        if (this.notJoined.has(String(args.channel_id ?? ""))) return { ok: false, error: "not_in_channel" };
        return { ok: true, files: files.map((f) => ({ id: f.id, title: f.title })) };
      }
      default:
        return { ok: false, error: "unknown_method" };
    }
  }

  /** Signs a raw body the way Slack does (v0 HMAC-SHA256 over `v0:timestamp:body`). */
  sign(body: string, timestamp = Math.floor(Date.now() / 1000), secret = this.options.signingSecret): Record<string, string> {
    const signature = `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
    return { "x-slack-request-timestamp": String(timestamp), "x-slack-signature": signature };
  }

  /** POSTs a signed, form-encoded request to the app's receiver, as Slack would. */
  async send(
    receiverUrl: string,
    form: Record<string, string>,
    options: { timestamp?: number; secret?: string; headers?: Record<string, string> } = {},
  ): Promise<{ status: number; body: string; ms: number }> {
    const body = new URLSearchParams(form).toString();
    const started = Date.now();
    const res = await fetch(receiverUrl, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", ...this.sign(body, options.timestamp, options.secret), ...options.headers },
      body,
    });
    return { status: res.status, body: await res.text(), ms: Date.now() - started };
  }
}

/** The bytes of the first part of a multipart body (the SDK uploads the file as form data), or the body itself. */
function fileBytes(body: Buffer, contentType: string): Buffer {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
  if (!boundary) return body;
  const marker = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const start = body.indexOf(marker);
  const headerEnd = body.indexOf("\r\n\r\n", start);
  const next = body.indexOf(marker, headerEnd);
  if (start < 0 || headerEnd < 0 || next < 0) return body;
  return body.subarray(headerEnd + 4, next - 2);
}
