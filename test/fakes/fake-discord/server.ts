import { randomUUID, sign, type KeyObject } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";
import { validateCommand, validateMessage, validateModal } from "./validate.js";
import { FaultPlan, wait, type Fault } from "../faults.js";
import { GatewaySessions, type DropOptions } from "./gateway-sessions.js";
import { messagesPage } from "./channel-messages.js";

type Json = Record<string, unknown>;

export interface RestCall {
  method: string;
  path: string;
  body: Json;
  status: number;
  files: { name: string; data: Buffer }[];
  /** When the request arrived (ms since epoch). */
  at: number;
  /** When it was handled, if later than its arrival (a slow-API fault held it). */
  handledAt?: number;
  /** A fault answered a failure (or nothing: status 0) although the call took effect. */
  landed?: boolean;
}

export interface StoredMessage extends Json {
  id: string;
  channel_id: string;
  flags: number;
  content: string;
  embeds: Json[];
  components: Json[];
  attachments: Json[];
}

export interface PendingInteraction {
  id: string;
  token: string;
  issuedAt: number;
  acknowledged: boolean;
  /** The message a type 7/6 response edits, or the one a type 4/5 response created. */
  original?: string;
  sourceMessage?: string;
  channelId: string;
  /** Ids of the follow-up messages sent for it, in order. */
  followUps?: string[];
  /** Over the Interactions Endpoint: settles once the bot's HTTP answer was taken as the initial response. */
  delivery?: Promise<void>;
  /** Over the Interactions Endpoint: the signed request as sent (a replay test sends it again) and the HTTP status it got. */
  signed?: SignedInteraction;
  httpStatus?: number;
}

/** A POST to an Interactions Endpoint as Discord signs it. */
export interface SignedInteraction {
  body: string;
  timestamp: string;
  signature: string;
}

/**
 * Signs a body as Discord does (docs.discord.com/developers/interactions/overview#setting-up-an-endpoint-validating-security-request-headers):
 * Ed25519 over the timestamp header followed by the raw body, both headers sent with it.
 */
export function signInteraction(body: string, privateKey: KeyObject, timestamp = String(Math.floor(Date.now() / 1000))): SignedInteraction {
  return { body, timestamp, signature: sign(null, Buffer.from(timestamp + body, "utf8"), privateKey).toString("hex") };
}

/** POSTs a signed (or, with `headers`, a tampered) interaction to an endpoint: the status and the JSON answer. */
export async function postInteraction(
  url: string,
  signed: SignedInteraction,
  headers?: Record<string, string>,
): Promise<{ status: number; json: Json | undefined }> {
  const res = await fetch(url, {
    method: "POST",
    headers: headers ?? { "content-type": "application/json", "x-signature-ed25519": signed.signature, "x-signature-timestamp": signed.timestamp },
    body: signed.body,
  });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as Json) : undefined };
}

let snowflake = 1_100_000_000_000_000_000n;
const nextId = () => String(snowflake++);

/**
 * A local fake of Discord on 127.0.0.1: the REST API over node:http and the gateway over ws. It
 * answers /gateway/bot, speaks HELLO / IDENTIFY / READY / GUILD_CREATE / heartbeats, pushes
 * INTERACTION_CREATE, records REST calls, and enforces the 3-second initial response, the single
 * acknowledgement (10062, 40060), component, modal and embed limits, and 429s on demand.
 */
export class FakeDiscord {
  readonly calls: RestCall[] = [];
  readonly messages = new Map<string, StoredMessage>();
  /**
   * Threads started from a message, in order (their messages are stored with `channel_id` = the
   * thread id). As on Discord, a thread started from a message has the message's id, and exists
   * as a channel only once started (docs.discord.com/developers/resources/channel#start-thread-from-message).
   */
  readonly threads: { id: string; parentId: string; messageId: string; name: string }[] = [];
  /**
   * Channels the bot cannot see or post in (not invited, or missing permissions): a post there
   * answers 403 Missing Access, code 50001 (docs.discord.com/developers/topics/opcodes-and-status-codes#json-json-error-codes).
   */
  readonly noAccess = new Set<string>();
  readonly applicationId = "900000000000000001";
  readonly guildId = "900000000000000002";
  readonly channelId = "900000000000000003";
  readonly botUserId = "900000000000000004";
  private server: Server | undefined;
  private wss: WebSocketServer | undefined;
  private sockets = new Set<WebSocket>();
  private seq = 0;
  private readonly interactions = new Map<string, PendingInteraction>();
  private readonly failures: { route: RegExp; status: number; retryAfter?: number }[] = [];
  private readonly dms = new Map<string, string>();
  private readonly faultPlan = new FaultPlan<{ method: string; path: string }>();
  private readonly hung = new Set<ServerResponse>();
  /** Files users attached to commands, as Discord's CDN serves them (no authorization). */
  private readonly cdn = new Map<string, Buffer>();
  /** Nonces of created messages (enforce_nonce), with the message and when. */
  private readonly nonces = new Map<string, { messageId: string; at: number }>();
  /** Where interactions go instead of the gateway once an Interactions Endpoint URL is set, and the key that signs them. */
  private endpoint: { url: string; privateKey: KeyObject } | undefined;
  /** Gateway sessions: RESUME and replay of missed events. */
  readonly gateway = new GatewaySessions();
  url = "";

  constructor(readonly token: string) {}

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.wss = new WebSocketServer({ server: this.server, path: "/gateway" });
    this.wss.on("connection", (ws) => this.connect(ws));
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    for (const res of this.hung) res.destroy();
    this.hung.clear();
    for (const ws of this.sockets) ws.terminate();
    await new Promise<void>((resolve) => this.wss?.close(() => resolve()) ?? resolve());
    const closed = new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
    // Connections still open (keep-alive, a call a fault holds) go with the fake instead of holding it up.
    this.server?.closeAllConnections();
    await closed;
  }

  get apiUrl(): string {
    return `${this.url}/api`;
  }

  /** The next requests whose path matches fail this way (429 with Retry-After, or 5xx). */
  failNext(route: RegExp, status: number, retryAfter?: number): void {
    this.failures.push(retryAfter === undefined ? { route, status } : { route, status, retryAfter });
  }

  /**
   * Injects a fault into the REST API: requests whose path (after /api/v10) matches `route` (and
   * `method`, if given), or all, fail, answer late, or both, for `count` requests or until removed.
   * Examples: `{ route: /^\/channels\/\d+\/messages$/, status: 503, count: 3 }`, `{ status: 429,
   * retryAfter: 1 }`, `{ delayMs: 2000 }`, `{ ..., status: 503, landed: true }` (created, answer lost).
   */
  faults(fault: Fault & { route?: RegExp; method?: string }): () => void {
    return this.faultPlan.add((call) => (!fault.route || fault.route.test(call.path)) && (!fault.method || fault.method === call.method), fault);
  }

  clearFaults(): void {
    this.faultPlan.clear();
  }

  /**
   * Drops the gateway connection (close code 4000 by default: discord.js resumes), as Discord does
   * now and then. Events pushed until the client resumes are replayed on RESUME. Returns how many
   * connections were dropped.
   */
  dropGateway(options: DropOptions = {}): number {
    return this.gateway.drop(options);
  }

  /** Resolves once `count` RESUMEs were answered (or rejects after `timeoutMs`). */
  async resumed(count = 1, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.gateway.resumes.length < count) {
      if (Date.now() > deadline) throw new Error(`no RESUME within ${timeoutMs} ms`);
      await wait(10);
    }
  }

  /**
   * Sends interactions to an Interactions Endpoint URL (signed with `privateKey`) instead of the
   * gateway, as Discord does once the URL is set in the Developer Portal. The HTTP answer is the
   * initial response, held to the same rules as the callback endpoint (3 seconds, one answer).
   */
  useInteractionsEndpoint(url: string, privateKey: KeyObject): void {
    this.endpoint = { url, privateKey };
  }

  /** Validates the endpoint as the Developer Portal does when the URL is saved: a signed PING must get a PONG. */
  async ping(): Promise<{ status: number; json: Json | undefined }> {
    const { url, privateKey } = this.endpoint!;
    return postInteraction(
      url,
      signInteraction(JSON.stringify({ id: nextId(), application_id: this.applicationId, type: 1, token: `tok-${randomUUID()}`, version: 1 }), privateKey),
    );
  }

  /** Sends an interaction to the endpoint and takes its HTTP answer as the initial response. */
  private async deliver(pending: PendingInteraction, d: Json): Promise<void> {
    const { url, privateKey } = this.endpoint!;
    pending.signed = signInteraction(JSON.stringify(d), privateKey);
    const { status, json } = await postInteraction(url, pending.signed).catch(() => ({ status: 0, json: undefined }));
    pending.httpStatus = status;
    if (status !== 200 || !json) return;
    const path = `/interactions/${pending.id}/${pending.token}/callback`;
    this.callback(pending.token, json, [], (code, answer) => {
      this.calls.push({ method: "POST", path, body: json, status: code, files: [], at: Date.now() });
      if (code >= 400) pending.httpStatus = code; // refused as an initial response (late, twice, invalid)
      void answer;
    });
  }

  // ---- gateway ----
  private send(ws: WebSocket, payload: Json): void {
    ws.send(JSON.stringify(payload));
  }

  private connect(ws: WebSocket): void {
    this.sockets.add(ws);
    ws.on("close", () => {
      this.sockets.delete(ws);
      this.gateway.detach(ws);
    });
    this.send(ws, { op: 10, d: { heartbeat_interval: 41_250 }, s: null, t: null });
    ws.on("message", (raw) => {
      const msg = JSON.parse(raw.toString()) as { op: number; d: unknown };
      if (msg.op === 1) this.send(ws, { op: 11, d: null, s: null, t: null });
      if (msg.op === 6) {
        const d = msg.d as { session_id: string; seq: number | null };
        const replay = this.gateway.resume(ws, d.session_id, d.seq ?? 0);
        if (!replay) return this.send(ws, { op: 9, d: false, s: null, t: null });
        for (const payload of replay) this.send(ws, payload);
        return this.send(ws, { op: 0, t: "RESUMED", s: ++this.seq, d: {} });
      }
      if (msg.op === 2) {
        const sessionId = this.gateway.open(ws);
        const wsUrl = this.url.replace("http", "ws") + "/gateway";
        this.send(ws, {
          op: 0,
          t: "READY",
          s: ++this.seq,
          d: {
            v: 10,
            user: { id: this.botUserId, username: "pairwise", discriminator: "0", global_name: "Pairwise", avatar: null, bot: true },
            guilds: [{ id: this.guildId, unavailable: true }],
            session_id: sessionId,
            resume_gateway_url: wsUrl,
            application: { id: this.applicationId, flags: 0 },
          },
        });
        this.send(ws, {
          op: 0,
          t: "GUILD_CREATE",
          s: ++this.seq,
          d: {
            id: this.guildId,
            name: "Labeling",
            icon: null,
            owner_id: "1",
            unavailable: false,
            member_count: 3,
            joined_at: new Date().toISOString(),
            large: false,
            channels: [{ id: this.channelId, type: 0, name: "labeling", guild_id: this.guildId, position: 0, permission_overwrites: [] }],
            roles: [{ id: this.guildId, name: "@everyone", permissions: "0", position: 0, color: 0, hoist: false, managed: false, mentionable: false }],
            members: [],
            emojis: [],
            stickers: [],
            features: [],
            threads: [],
            presences: [],
            voice_states: [],
            stage_instances: [],
            guild_scheduled_events: [],
          },
        });
      }
    });
  }

  /** Pushes INTERACTION_CREATE and registers its token for the 3-second and single-ack rules. */
  private push(
    type: number,
    user: string,
    data: Json,
    extra: { message?: StoredMessage; permissions?: string; channelId?: string; guildId?: string } = {},
  ): PendingInteraction {
    const pending: PendingInteraction = {
      id: nextId(),
      token: `tok-${randomUUID()}`,
      issuedAt: Date.now(),
      acknowledged: false,
      channelId: extra.channelId ?? extra.message?.channel_id ?? this.channelId,
    };
    if (extra.message) pending.sourceMessage = extra.message.id;
    this.interactions.set(pending.token, pending);
    const d: Json = {
      id: pending.id,
      application_id: this.applicationId,
      type,
      token: pending.token,
      version: 1,
      guild_id: extra.guildId ?? this.guildId,
      channel_id: pending.channelId,
      channel: { id: pending.channelId, type: 0, guild_id: extra.guildId ?? this.guildId, name: "labeling" },
      member: {
        user: { id: user, username: user.toLowerCase(), discriminator: "0", global_name: user, avatar: null },
        roles: [],
        permissions: extra.permissions ?? "1024", // View Channel only, unless a test says otherwise
        joined_at: new Date().toISOString(),
        deaf: false,
        mute: false,
        flags: 0,
      },
      data,
      app_permissions: "2248473465835073",
      locale: "en-US",
      guild_locale: "en-US",
      entitlements: [],
      authorizing_integration_owners: { "0": this.guildId },
      context: 0,
      attachment_size_limit: 10_485_760,
    };
    if (extra.message) d.message = this.messageJson(extra.message);
    if (this.endpoint) {
      pending.delivery = this.deliver(pending, d);
      return pending;
    }
    this.gateway.dispatch({ op: 0, t: "INTERACTION_CREATE", s: ++this.seq, d }, (ws, payload) => this.send(ws, payload));
    return pending;
  }

  /**
   * A slash command; `guildId` sends it from another server than the fake's own (the bot is in
   * several); `attachments` are files attached to it (from {@link attach}).
   */
  command(
    user: string,
    subcommand: string,
    options: Json[] = [],
    extra: { permissions?: string; guildId?: string; channelId?: string; attachments?: Json[] } = {},
  ): PendingInteraction {
    const data: Json = { id: nextId(), name: "pairwise", type: 1, options: [{ name: subcommand, type: 1, options }] };
    if (extra.attachments) data.resolved = { attachments: Object.fromEntries(extra.attachments.map((a) => [String(a.id), a])) };
    return this.push(2, user, data, extra);
  }

  /**
   * A file a user attaches to a command: the resolved attachment Discord puts in the interaction,
   * served from the CDN at its `url`. `declaredSize` stands in for what Discord says (default: the real size).
   */
  attach(filename: string, data: Buffer, declaredSize = data.length): Json {
    const id = nextId();
    this.cdn.set(id, data);
    return {
      id,
      filename,
      size: declaredSize,
      url: `${this.url}/attachments/${id}/${filename}`,
      proxy_url: `${this.url}/attachments/${id}/${filename}`,
      content_type: "application/octet-stream",
    };
  }

  click(user: string, message: StoredMessage, customId: string, extra: { permissions?: string } = {}): PendingInteraction {
    return this.push(3, user, { custom_id: customId, component_type: 2 }, { ...extra, message });
  }

  /** A button click on a message the fake never stored (load tests): a minimal ephemeral message holds the button. */
  clickDetached(user: string, customId: string): PendingInteraction {
    const message: StoredMessage = {
      id: nextId(),
      channel_id: this.channelId,
      flags: 64,
      content: "",
      embeds: [],
      components: [{ type: 1, components: [{ type: 2, style: 2, label: "x", custom_id: customId }] }],
      attachments: [],
    };
    this.messages.set(message.id, message);
    return this.push(3, user, { custom_id: customId, component_type: 2 }, { message });
  }

  submitModal(user: string, customId: string, values: Record<string, string | string[]>, message?: StoredMessage): PendingInteraction {
    const components = Object.entries(values).map(([id, v], i) => ({
      type: 18,
      id: i + 1,
      component: Array.isArray(v) ? { type: 3, id: 100 + i, custom_id: id, values: v } : { type: 4, id: 100 + i, custom_id: id, value: v },
    }));
    return this.push(5, user, { custom_id: customId, components }, message ? { message } : {});
  }

  /** The latest message (in a channel, or any) that has a component whose custom_id matches. */
  findMessage(predicate: (customId: string) => boolean, channelId?: string): StoredMessage | undefined {
    const all = [...this.messages.values()].filter((m) => !channelId || m.channel_id === channelId);
    return all.reverse().find((m) => m.components.some((row) => ((row.components as Json[]) ?? []).some((c) => predicate(String(c.custom_id)))));
  }

  customIds(message: StoredMessage): string[] {
    return message.components.flatMap((row) => ((row.components as Json[]) ?? []).map((c) => String(c.custom_id)));
  }

  /** The interaction's original response as it stands (a deferred one still says "Pairwise is thinking…"). */
  original(pending: PendingInteraction): StoredMessage | undefined {
    const p = this.interactions.get(pending.token);
    return p?.original ? this.messages.get(p.original) : undefined;
  }

  /** Follow-up messages sent for an interaction (POST /webhooks/{application.id}/{token}). */
  followUps(pending: PendingInteraction): RestCall[] {
    return this.calls.filter((c) => c.method === "POST" && c.path === `/webhooks/${this.applicationId}/${pending.token}`);
  }

  /** The messages those follow-ups created, as they stand now. */
  followUpMessages(pending: PendingInteraction): StoredMessage[] {
    return (this.interactions.get(pending.token)?.followUps ?? []).map((id) => this.messages.get(id)!).filter(Boolean);
  }

  /** The interaction callbacks recorded for an interaction token, by type. */
  callbacks(pending: PendingInteraction): RestCall[] {
    return this.calls.filter((c) => c.path.includes(`/interactions/${pending.id}/${pending.token}/callback`));
  }

  private threadJson(t: { id: string; parentId: string; name: string }): Json {
    return {
      id: t.id,
      type: 11,
      parent_id: t.parentId,
      guild_id: this.guildId,
      name: t.name,
      owner_id: this.botUserId,
      thread_metadata: { archived: false, auto_archive_duration: 1440, archive_timestamp: new Date().toISOString(), locked: false },
    };
  }

  private messageJson(m: StoredMessage): Json {
    return {
      ...m,
      type: 0,
      author: { id: this.botUserId, username: "pairwise", discriminator: "0", avatar: null, bot: true },
      timestamp: typeof m.timestamp === "string" ? m.timestamp : new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      pinned: false,
      ...(m.channel_id.startsWith("dm-") ? {} : { guild_id: this.guildId }),
    };
  }

  private store(channelId: string, body: Json, flags = 0, id = nextId(), files: { name: string; data: Buffer }[] = []): StoredMessage {
    const m: StoredMessage = {
      id,
      channel_id: channelId,
      flags: Number(body.flags ?? flags),
      content: String(body.content ?? ""),
      embeds: (body.embeds as Json[]) ?? [],
      components: (body.components as Json[]) ?? [],
      attachments: files.map((f, i) => ({ id: String(i), filename: f.name, size: f.data.length, url: `${this.url}/files/${id}/${f.name}` })),
      // When it was created: an edit keeps it (the edit passes the existing message in `body`).
      timestamp: typeof body.timestamp === "string" ? body.timestamp : new Date().toISOString(),
    };
    this.messages.set(id, m);
    return m;
  }

  // ---- REST ----
  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await new Promise<Buffer>((resolve) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => resolve(Buffer.concat(chunks)));
    });
    // discord.js writes "@original" as %40original, as Discord accepts.
    const path = decodeURIComponent((req.url ?? "").split("?")[0]!).replace(/^\/api\/v10/, "");
    const method = req.method ?? "GET";
    const { body, files } = parseBody(raw, String(req.headers["content-type"] ?? ""));
    const arrived = Date.now();
    const fault = this.faultPlan.take({ method, path });
    if (fault?.delayMs) await wait(fault.delayMs);
    const handledAt = fault?.delayMs ? { handledAt: Date.now() } : {};
    let reply = (status: number, json?: unknown, headers: Record<string, string> = {}) => {
      this.calls.push({ method, path, body, status, files, at: arrived, ...handledAt });
      if (json === undefined) {
        res.writeHead(status, headers);
        res.end();
        return;
      }
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(JSON.stringify(json));
    };
    const attachment = /^\/attachments\/(\d+)\//.exec(path);
    if (attachment && method === "GET") {
      const bytes = this.cdn.get(attachment[1]!);
      this.calls.push({ method, path, body, status: bytes ? 200 : 404, files, at: arrived });
      res.writeHead(bytes ? 200 : 404, { "content-type": "application/octet-stream" });
      res.end(bytes);
      return;
    }
    const isInteractionRoute = path.startsWith("/interactions/") || path.startsWith("/webhooks/");
    // An edit or follow-up that overtakes the endpoint's HTTP answer waits for Discord to take that answer.
    const webhookToken = /^\/webhooks\/\d+\/([^/]+)/.exec(path)?.[1];
    if (webhookToken) await this.interactions.get(webhookToken)?.delivery;
    if (!isInteractionRoute && req.headers.authorization !== `Bot ${this.token}`) return reply(401, { code: 0, message: "401: Unauthorized" });
    if (fault?.status !== undefined || fault?.hang) {
      const failWith = (status: number) => {
        if (status === 429)
          return void reply(
            429,
            { message: "You are being rate limited.", retry_after: fault.retryAfter ?? 1, global: false },
            {
              "retry-after": String(Math.ceil(fault.retryAfter ?? 1)),
              "x-ratelimit-scope": "user",
              "x-ratelimit-limit": "5",
              "x-ratelimit-remaining": "0",
              "x-ratelimit-reset-after": String(fault.retryAfter ?? 1),
              "x-ratelimit-bucket": "fake",
            },
          );
        reply(status, { message: status >= 500 ? "Service Unavailable" : "Fault", code: 0 });
      };
      if (!fault.landed && !fault.hang) return failWith(fault.status!);
      // The request takes effect (routed below); its answer is replaced by the failure, or by nothing.
      reply = () => {
        this.calls.push({ method, path, body, status: fault.hang ? 0 : fault.status!, files, at: arrived, landed: true, ...handledAt });
        if (fault.hang) {
          this.hung.add(res);
          res.on("close", () => this.hung.delete(res));
          return;
        }
        res.writeHead(fault.status!, { "content-type": "application/json" });
        res.end(JSON.stringify({ message: "Service Unavailable", code: 0 }));
      };
    }
    const failure = this.failures.findIndex((f) => f.route.test(path));
    if (failure >= 0) {
      const f = this.failures.splice(failure, 1)[0]!;
      if (f.status === 429) {
        return reply(
          429,
          { message: "You are being rate limited.", retry_after: f.retryAfter ?? 0.1, global: false },
          {
            "retry-after": String(Math.ceil(f.retryAfter ?? 0.1)),
            "x-ratelimit-scope": "user",
            "x-ratelimit-limit": "5",
            "x-ratelimit-remaining": "0",
            "x-ratelimit-reset-after": String(f.retryAfter ?? 0.1),
            "x-ratelimit-bucket": "fake",
          },
        );
      }
      return reply(f.status, { message: "Internal Server Error", code: 0 });
    }
    let m: RegExpExecArray | null;
    if (method === "GET" && path === "/gateway/bot") {
      return reply(200, {
        url: this.url.replace("http", "ws") + "/gateway",
        shards: 1,
        session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 },
      });
    }
    // docs.discord.com/developers/resources/user#get-current-user (a bot without the gateway learns its id here).
    if (method === "GET" && path === "/users/@me")
      return reply(200, { id: this.botUserId, username: "pairwise", discriminator: "0", global_name: "Pairwise", avatar: null, bot: true });
    if (method === "PUT" && /^\/applications\/\d+(\/guilds\/\d+)?\/commands$/.test(path)) {
      // A bulk overwrite is all or nothing: one invalid command refuses the whole list.
      const invalid = (body as unknown as Json[]).map((c) => validateCommand(c)).find(Boolean);
      if (invalid) return reply(400, invalid);
      return reply(
        200,
        (body as unknown as Json[]).map((c) => ({ ...c, id: nextId(), application_id: this.applicationId, version: "1" })),
      );
    }
    if ((m = /^\/interactions\/(\d+)\/([^/]+)\/callback$/.exec(path)) && method === "POST") return this.callback(m[2]!, body, files, reply);
    if ((m = /^\/webhooks\/\d+\/([^/]+)\/messages\/@original$/.exec(path))) {
      const p = this.interactions.get(m[1]!);
      if (!p || !p.acknowledged) return reply(404, { code: 10008, message: "Unknown Message" });
      if (method === "PATCH") {
        const error = validateMessage(body);
        if (error) return reply(400, error);
        const id = p.original ?? nextId();
        const existing = this.messages.get(id);
        p.original = id;
        const stored = this.store(p.channelId, { ...existing, ...body }, existing?.flags ?? 64, id, files);
        return reply(200, this.messageJson(stored));
      }
      if (method === "GET") return reply(200, this.messageJson(this.messages.get(p.original ?? "")!));
    }
    if ((m = /^\/webhooks\/\d+\/([^/]+)$/.exec(path)) && method === "POST") {
      const p = this.interactions.get(m[1]!);
      if (!p || !p.acknowledged) return reply(404, { code: 10015, message: "Unknown Webhook" });
      const error = validateMessage(body);
      if (error) return reply(400, error);
      const made = this.store(p.channelId, body, Number(body.flags ?? 0), nextId(), files);
      (p.followUps ??= []).push(made.id);
      return reply(200, this.messageJson(made));
    }
    if ((m = /^\/channels\/([^/]+)/.exec(path))) {
      const channel = m[1]!;
      if (this.noAccess.has(channel)) return reply(403, { code: 50001, message: "Missing Access" });
      // A message id is not a channel until a thread is started from it: Discord answers 10003.
      if (this.messages.has(channel) && !this.threads.some((t) => t.id === channel) && !/\/messages\/\d+\/threads$/.test(path)) {
        return reply(404, { code: 10003, message: "Unknown Channel" });
      }
    }
    if ((m = /^\/channels\/([^/]+)\/messages$/.exec(path)) && method === "POST") {
      const error = validateMessage(body);
      if (error) return reply(400, error);
      // enforce_nonce: a repeat of a recent nonce gets the message it made, not a second one.
      const nonce = typeof body.nonce === "string" || typeof body.nonce === "number" ? String(body.nonce) : undefined;
      const earlier = nonce && body.enforce_nonce ? this.nonces.get(nonce) : undefined;
      if (earlier && Date.now() - earlier.at < 5 * 60_000 && this.messages.has(earlier.messageId))
        return reply(200, { ...this.messageJson(this.messages.get(earlier.messageId)!), nonce });
      const stored = this.store(m[1]!, body, 0, nextId(), files);
      if (nonce) this.nonces.set(nonce, { messageId: stored.id, at: Date.now() });
      return reply(200, { ...this.messageJson(stored), ...(nonce ? { nonce } : {}) });
    }
    if ((m = /^\/channels\/([^/]+)\/messages$/.exec(path)) && method === "GET") {
      const query = new URLSearchParams((req.url ?? "").split("?")[1] ?? "");
      const inChannel = [...this.messages.values()].filter((msg) => msg.channel_id === m![1] && (msg.flags & 64) === 0);
      return reply(
        200,
        messagesPage(inChannel, query).map((msg) => this.messageJson(msg)),
      );
    }
    if ((m = /^\/channels\/([^/]+)\/messages\/(\d+)$/.exec(path)) && method === "PATCH") {
      const existing = this.messages.get(m[2]!);
      if (!existing) return reply(404, { code: 10008, message: "Unknown Message" });
      const error = validateMessage(body);
      if (error) return reply(400, error);
      return reply(200, this.messageJson(this.store(m[1]!, { ...existing, ...body }, existing.flags, existing.id, files)));
    }
    if ((m = /^\/channels\/([^/]+)\/messages\/(\d+)\/threads$/.exec(path)) && method === "POST") {
      // The thread takes the message's id; a message holds one thread (160004 for a second).
      const source = this.messages.get(m[2]!);
      if (!source || source.channel_id !== m[1]) return reply(404, { code: 10008, message: "Unknown Message" });
      if (this.threads.some((t) => t.id === m![2])) return reply(400, { code: 160004, message: "A thread has already been created for this message" });
      const name = String(body.name ?? "");
      if (name.length < 1 || name.length > 100)
        return reply(400, {
          code: 50035,
          message: "Invalid Form Body",
          errors: { name: { _errors: [{ code: "BASE_TYPE_BAD_LENGTH", message: "Must be between 1 and 100 in length." }] } },
        });
      const id = m[2]!;
      this.threads.push({ id, parentId: m[1]!, messageId: m[2]!, name });
      return reply(201, this.threadJson(this.threads.at(-1)!));
    }
    if ((m = /^\/channels\/([^/]+)$/.exec(path)) && method === "GET") {
      const thread = this.threads.find((t) => t.id === m![1]);
      if (thread) return reply(200, this.threadJson(thread));
      const dm = m[1]!.startsWith("dm-");
      return reply(
        200,
        dm ? { id: m[1], type: 1, recipients: [] } : { id: m[1], type: 0, guild_id: this.guildId, name: "labeling", position: 0, permission_overwrites: [] },
      );
    }
    if (path === "/users/@me/channels" && method === "POST") {
      const user = String(body.recipient_id);
      const id = this.dms.get(user) ?? `dm-${user}`;
      this.dms.set(user, id);
      return reply(200, { id, type: 1, recipients: [{ id: user, username: user.toLowerCase(), discriminator: "0", avatar: null }] });
    }
    if ((m = /^\/files\/(\d+)\/(.+)$/.exec(path))) return reply(200, { note: "attachment" });
    return reply(404, { code: 0, message: `fake: no route ${method} ${path}` });
  }

  private callback(token: string, body: Json, files: { name: string; data: Buffer }[], reply: (status: number, json?: unknown) => void): void {
    const p = this.interactions.get(token);
    if (!p || Date.now() - p.issuedAt > 3000) return reply(404, { code: 10062, message: "Unknown interaction" });
    if (p.acknowledged) return reply(400, { code: 40060, message: "Interaction has already been acknowledged." });
    const type = Number(body.type);
    const data = (body.data as Json) ?? {};
    if (type === 9) {
      const error = validateModal(data);
      if (error) return reply(400, error);
    } else if (type === 4 || type === 7) {
      const error = validateMessage(data);
      if (error) return reply(400, error);
    }
    p.acknowledged = true;
    if (type === 4) p.original = this.store(p.channelId, data, Number(data.flags ?? 0), nextId(), files).id;
    if (type === 5) p.original = this.store(p.channelId, { content: "Pairwise is thinking…", flags: data.flags }, Number(data.flags ?? 0)).id;
    if (type === 6 || type === 7) p.original = p.sourceMessage;
    if (type === 7 && p.sourceMessage) {
      const existing = this.messages.get(p.sourceMessage)!;
      this.store(existing.channel_id, { ...existing, ...data }, existing.flags, existing.id, files);
    }
    reply(204);
  }
}

/** JSON, or multipart with payload_json and files[n], as discord.js sends them. */
function parseBody(raw: Buffer, contentType: string): { body: Json; files: { name: string; data: Buffer }[] } {
  if (raw.length === 0) return { body: {}, files: [] };
  if (!contentType.startsWith("multipart/form-data")) return { body: JSON.parse(raw.toString("utf8")) as Json, files: [] };
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType)!;
  const marker = `--${boundary[1] ?? boundary[2]}`;
  const text = raw.toString("latin1");
  const files: { name: string; data: Buffer }[] = [];
  let body: Json = {};
  for (const part of text.split(marker).slice(1, -1)) {
    const [head = "", ...rest] = part.split("\r\n\r\n");
    const content = rest.join("\r\n\r\n").replace(/\r\n$/, "");
    const name = /name="([^"]+)"/.exec(head)?.[1];
    const filename = /filename="([^"]+)"/.exec(head)?.[1];
    if (name === "payload_json") body = JSON.parse(Buffer.from(content, "latin1").toString("utf8")) as Json;
    else if (filename) files.push({ name: filename, data: Buffer.from(content, "latin1") });
  }
  return { body, files };
}
