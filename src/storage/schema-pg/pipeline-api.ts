import { bigint, doublePrecision, index, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { campaigns } from "./campaigns.js";
import { importBatches } from "./comparisons.js";

/** A pipeline's bearer token for the HTTP API; only the token's SHA-256 is kept. */
export const apiTokens = pgTable(
  "api_tokens",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    name: text("name").notNull(),
    hash: text("hash").notNull(),
    prefix: text("prefix").notNull(),
    scopes: text("scopes").notNull(),
    ratePerMinute: bigint("rate_per_minute", { mode: "number" }).notNull(),
    createdAt: bigint("created_at", { mode: "number" }).notNull(),
    lastUsedAt: bigint("last_used_at", { mode: "number" }),
    revokedAt: bigint("revoked_at", { mode: "number" }),
  },
  (t) => [uniqueIndex("api_tokens_hash").on(t.hash), uniqueIndex("api_tokens_name").on(t.name)],
);

/** The API's view of an import batch: which token sent it, the body's hash, what is left of it. */
export const apiBatches = pgTable(
  "api_batches",
  {
    importBatchId: bigint("import_batch_id", { mode: "number" })
      .primaryKey()
      .references(() => importBatches.id, { onDelete: "cascade" }),
    campaignId: bigint("campaign_id", { mode: "number" })
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    tokenId: bigint("token_id", { mode: "number" }),
    bodySha256: text("body_sha256").notNull(),
    items: bigint("items", { mode: "number" }).notNull(),
    alreadyPresent: bigint("already_present", { mode: "number" }).notNull().default(0),
    remaining: bigint("remaining", { mode: "number" }).notNull(),
    createdAt: bigint("created_at", { mode: "number" }).notNull(),
    completedAt: bigint("completed_at", { mode: "number" }),
  },
  (t) => [index("api_batches_body").on(t.campaignId, t.bodySha256)],
);

/** A receiver of a campaign's events; `secret` signs every delivery. */
export const webhooks = pgTable(
  "webhooks",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    campaignId: bigint("campaign_id", { mode: "number" })
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    url: text("url").notNull(),
    events: text("events").notNull(),
    secret: text("secret").notNull(),
    status: text("status", { enum: ["active", "disabled"] })
      .notNull()
      .default("active"),
    createdAt: bigint("created_at", { mode: "number" }).notNull(),
  },
  (t) => [index("webhooks_by_campaign").on(t.campaignId, t.status)],
);

/** The outbox: one row per event per subscribed webhook; `body` is the exact JSON sent. */
export const webhookOutbox = pgTable(
  "webhook_outbox",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    webhookId: bigint("webhook_id", { mode: "number" })
      .notNull()
      .references(() => webhooks.id, { onDelete: "cascade" }),
    eventId: text("event_id").notNull(),
    eventKey: text("event_key").notNull(),
    type: text("type").notNull(),
    body: text("body").notNull(),
    status: text("status", { enum: ["pending", "delivered", "failed"] })
      .notNull()
      .default("pending"),
    attempts: bigint("attempts", { mode: "number" }).notNull().default(0),
    nextAttemptAt: bigint("next_attempt_at", { mode: "number" }).notNull(),
    leaseUntil: bigint("lease_until", { mode: "number" }),
    createdAt: bigint("created_at", { mode: "number" }).notNull(),
    deliveredAt: bigint("delivered_at", { mode: "number" }),
    replayOf: bigint("replay_of", { mode: "number" }),
  },
  (t) => [uniqueIndex("webhook_outbox_once").on(t.webhookId, t.eventKey), index("webhook_outbox_due").on(t.status, t.nextAttemptAt)],
);

/** Every attempt to deliver an outbox row. */
export const webhookAttempts = pgTable(
  "webhook_attempts",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    outboxId: bigint("outbox_id", { mode: "number" })
      .notNull()
      .references(() => webhookOutbox.id, { onDelete: "cascade" }),
    attempt: bigint("attempt", { mode: "number" }).notNull(),
    statusCode: bigint("status_code", { mode: "number" }),
    error: text("error"),
    durationMs: bigint("duration_ms", { mode: "number" }).notNull(),
    at: bigint("at", { mode: "number" }).notNull(),
  },
  (t) => [index("webhook_attempts_by_outbox").on(t.outboxId)],
);

/** An export kept as a snapshot: the bytes' SHA-256, size and what they were made from. */
export const snapshots = pgTable(
  "snapshots",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    publicId: text("public_id").notNull(),
    campaignId: bigint("campaign_id", { mode: "number" })
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    format: text("format").notNull(),
    options: text("options").notNull(),
    sha256: text("sha256").notNull(),
    bytes: bigint("bytes", { mode: "number" }).notNull(),
    rows: bigint("rows", { mode: "number" }).notNull(),
    items: bigint("items", { mode: "number" }).notNull(),
    agreement: doublePrecision("agreement"),
    path: text("path").notNull(),
    createdAt: bigint("created_at", { mode: "number" }).notNull(),
  },
  (t) => [uniqueIndex("snapshots_public_id").on(t.publicId), index("snapshots_by_campaign").on(t.campaignId)],
);

/** The result of a training run on a snapshot, posted by the pipeline. */
export const outcomes = pgTable(
  "outcomes",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    campaignId: bigint("campaign_id", { mode: "number" })
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    snapshotId: bigint("snapshot_id", { mode: "number" })
      .notNull()
      .references(() => snapshots.id, { onDelete: "cascade" }),
    model: text("model").notNull(),
    benchmark: text("benchmark").notNull(),
    metric: text("metric").notNull(),
    value: doublePrecision("value").notNull(),
    notes: text("notes"),
    createdAt: bigint("created_at", { mode: "number" }).notNull(),
  },
  (t) => [index("outcomes_by_campaign").on(t.campaignId, t.snapshotId)],
);
