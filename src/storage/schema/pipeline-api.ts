import { integer, real, sqliteTable, text, uniqueIndex, index } from "drizzle-orm/sqlite-core";
import { campaigns } from "./campaigns.js";
import { importBatches } from "./comparisons.js";

/**
 * A pipeline's bearer token for the HTTP API. Only the SHA-256 of the token is kept: tokens are
 * 192 random bits, so a plain hash cannot be reversed by guessing, and a stolen database gives no
 * usable token. `prefix` (the first characters) lets a person tell tokens apart in `token list`.
 */
export const apiTokens = sqliteTable(
  "api_tokens",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    name: text("name").notNull(),
    /** Hex SHA-256 of the whole token. */
    hash: text("hash").notNull(),
    prefix: text("prefix").notNull(),
    /** JSON array of scopes such as `items:write`. */
    scopes: text("scopes").notNull(),
    /** Requests a minute this token may make (a token bucket refilled continuously). */
    ratePerMinute: integer("rate_per_minute").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    lastUsedAt: integer("last_used_at", { mode: "timestamp_ms" }),
    revokedAt: integer("revoked_at", { mode: "timestamp_ms" }),
  },
  (t) => [uniqueIndex("api_tokens_hash").on(t.hash), uniqueIndex("api_tokens_name").on(t.name)],
);

/**
 * The API's view of an import batch (POST /campaigns/{c}/items): which token sent it, the hash of
 * the request body (a retried POST of the same bytes gives back this batch), and how many of its
 * items are still short of their overlap, so the vote that completes the last one can emit
 * `batch.completed` without scanning the batch.
 */
export const apiBatches = sqliteTable(
  "api_batches",
  {
    importBatchId: integer("import_batch_id")
      .primaryKey()
      .references(() => importBatches.id, { onDelete: "cascade" }),
    campaignId: integer("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    tokenId: integer("token_id"),
    bodySha256: text("body_sha256").notNull(),
    items: integer("items").notNull(),
    /** Rows of the request whose id the campaign already had with the same content (a retry). */
    alreadyPresent: integer("already_present").notNull().default(0),
    remaining: integer("remaining").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    completedAt: integer("completed_at", { mode: "timestamp_ms" }),
  },
  (t) => [index("api_batches_body").on(t.campaignId, t.bodySha256)],
);

/** A receiver of a campaign's events. `secret` signs every delivery (HMAC-SHA256); it is never logged. */
export const webhooks = sqliteTable(
  "webhooks",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    campaignId: integer("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    url: text("url").notNull(),
    /** JSON array of event types. */
    events: text("events").notNull(),
    secret: text("secret").notNull(),
    status: text("status", { enum: ["active", "disabled"] })
      .notNull()
      .default("active"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("webhooks_by_campaign").on(t.campaignId, t.status)],
);

/**
 * The outbox: one row per event per subscribed webhook, written in the transaction that caused the
 * event, so an event exists exactly when its cause does. The delivery worker takes due rows under
 * a lease, posts them, and either marks them delivered or schedules the next attempt (exponential
 * backoff with jitter). `body` is the exact JSON sent, fixed at emit time, so every attempt and a
 * replay send the same bytes. `eventKey` makes an event once per cause (an item completes once).
 */
export const webhookOutbox = sqliteTable(
  "webhook_outbox",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    webhookId: integer("webhook_id")
      .notNull()
      .references(() => webhooks.id, { onDelete: "cascade" }),
    eventId: text("event_id").notNull(),
    eventKey: text("event_key").notNull(),
    type: text("type").notNull(),
    body: text("body").notNull(),
    status: text("status", { enum: ["pending", "delivered", "failed"] })
      .notNull()
      .default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: integer("next_attempt_at", { mode: "timestamp_ms" }).notNull(),
    leaseUntil: integer("lease_until", { mode: "timestamp_ms" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    deliveredAt: integer("delivered_at", { mode: "timestamp_ms" }),
    /** The delivery this one replays, when a person asked for it again. */
    replayOf: integer("replay_of"),
  },
  (t) => [uniqueIndex("webhook_outbox_once").on(t.webhookId, t.eventKey), index("webhook_outbox_due").on(t.status, t.nextAttemptAt)],
);

/** Every attempt to deliver an outbox row: what the receiver answered, or why it could not. */
export const webhookAttempts = sqliteTable(
  "webhook_attempts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    outboxId: integer("outbox_id")
      .notNull()
      .references(() => webhookOutbox.id, { onDelete: "cascade" }),
    attempt: integer("attempt").notNull(),
    statusCode: integer("status_code"),
    error: text("error"),
    durationMs: integer("duration_ms").notNull(),
    at: integer("at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("webhook_attempts_by_outbox").on(t.outboxId)],
);

/**
 * An export kept as a snapshot: the exported bytes' SHA-256, their size, and what they were made
 * from (format, filters, items, agreement), so an outcome posted later names exactly the data a
 * model was trained on. The files themselves live in `path` (beside the database).
 */
export const snapshots = sqliteTable(
  "snapshots",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** Public id, `snap_<hex>`. */
    publicId: text("public_id").notNull(),
    campaignId: integer("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    format: text("format").notNull(),
    /** JSON of the export options (filters, aggregation, conversational). */
    options: text("options").notNull(),
    sha256: text("sha256").notNull(),
    bytes: integer("bytes").notNull(),
    rows: integer("rows").notNull(),
    items: integer("items").notNull(),
    /** The campaign's agreement when the snapshot was made (Krippendorff's alpha or null). */
    agreement: real("agreement"),
    path: text("path").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [uniqueIndex("snapshots_public_id").on(t.publicId), index("snapshots_by_campaign").on(t.campaignId)],
);

/** The result of a training run on a snapshot, posted by the pipeline. */
export const outcomes = sqliteTable(
  "outcomes",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    campaignId: integer("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    snapshotId: integer("snapshot_id")
      .notNull()
      .references(() => snapshots.id, { onDelete: "cascade" }),
    model: text("model").notNull(),
    benchmark: text("benchmark").notNull(),
    metric: text("metric").notNull(),
    value: real("value").notNull(),
    notes: text("notes"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("outcomes_by_campaign").on(t.campaignId, t.snapshotId)],
);
