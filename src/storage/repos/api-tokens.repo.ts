import type { Db } from "../database.js";
import { prepared } from "../prepared.js";

/** A token as stored: never the token itself, only its hash and a prefix to recognise it by. */
export interface ApiTokenRow {
  id: number;
  name: string;
  prefix: string;
  scopes: string[];
  ratePerMinute: number;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

const COLUMNS = "id, name, prefix, scopes, rate_per_minute AS ratePerMinute, created_at AS createdAt, last_used_at AS lastUsedAt, revoked_at AS revokedAt";

function toRow(raw: Record<string, unknown> | undefined): ApiTokenRow | undefined {
  if (!raw) return undefined;
  return { ...(raw as unknown as ApiTokenRow), scopes: JSON.parse(raw.scopes as string) as string[] };
}

export function insertApiToken(db: Db, t: { name: string; hash: string; prefix: string; scopes: string[]; ratePerMinute: number; now: number }): ApiTokenRow {
  const raw = prepared(
    db,
    `INSERT INTO api_tokens (name, hash, prefix, scopes, rate_per_minute, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING ${COLUMNS}`,
  ).get(t.name, t.hash, t.prefix, JSON.stringify(t.scopes), t.ratePerMinute, t.now) as Record<string, unknown>;
  return toRow(raw)!;
}

export function findApiTokenByName(db: Db, name: string): ApiTokenRow | undefined {
  return toRow(prepared(db, `SELECT ${COLUMNS} FROM api_tokens WHERE name = ?`).get(name) as Record<string, unknown> | undefined);
}

/** The live (not revoked) token with this hash. */
export function findLiveApiTokenByHash(db: Db, hash: string): ApiTokenRow | undefined {
  return toRow(prepared(db, `SELECT ${COLUMNS} FROM api_tokens WHERE hash = ? AND revoked_at IS NULL`).get(hash) as Record<string, unknown> | undefined);
}

export function listApiTokens(db: Db): ApiTokenRow[] {
  return (prepared(db, `SELECT ${COLUMNS} FROM api_tokens ORDER BY id`).all() as Record<string, unknown>[]).map((r) => toRow(r)!);
}

export function revokeApiToken(db: Db, id: number, now: number): boolean {
  return prepared(db, "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL").run(now, id).changes === 1;
}

export function touchApiToken(db: Db, id: number, now: number): void {
  prepared(db, "UPDATE api_tokens SET last_used_at = ? WHERE id = ?").run(now, id);
}
