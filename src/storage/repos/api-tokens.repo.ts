import type { Db } from "../database.js";
import { statement } from "../statement.js";
import { onConnection } from "../transaction.js";

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

const COLUMNS =
  'id, name, prefix, scopes, rate_per_minute AS "ratePerMinute", created_at AS "createdAt", last_used_at AS "lastUsedAt", revoked_at AS "revokedAt"';

/** A token as `COLUMNS` reads it: the scopes still JSON. */
type RawToken = Omit<ApiTokenRow, "scopes"> & { scopes: string };

function toRow(raw: RawToken | undefined): ApiTokenRow | undefined {
  if (!raw) return undefined;
  return { ...raw, scopes: JSON.parse(raw.scopes) as string[] };
}

export function insertApiToken(
  db: Db,
  t: { name: string; hash: string; prefix: string; scopes: string[]; ratePerMinute: number; now: number },
): Promise<ApiTokenRow> {
  return onConnection(db, async () => {
    const raw = await statement<[string, string, string, string, number, number], RawToken>(
      db,
      `INSERT INTO api_tokens (name, hash, prefix, scopes, rate_per_minute, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING ${COLUMNS}`,
    ).get(t.name, t.hash, t.prefix, JSON.stringify(t.scopes), t.ratePerMinute, t.now);
    return toRow(raw)!;
  });
}

export function findApiTokenByName(db: Db, name: string): Promise<ApiTokenRow | undefined> {
  return onConnection(db, async () => toRow(await statement<[string], RawToken>(db, `SELECT ${COLUMNS} FROM api_tokens WHERE name = ?`).get(name)));
}

/** The live (not revoked) token with this hash. */
export function findLiveApiTokenByHash(db: Db, hash: string): Promise<ApiTokenRow | undefined> {
  return onConnection(db, async () =>
    toRow(await statement<[string], RawToken>(db, `SELECT ${COLUMNS} FROM api_tokens WHERE hash = ? AND revoked_at IS NULL`).get(hash)),
  );
}

export function listApiTokens(db: Db): Promise<ApiTokenRow[]> {
  return onConnection(db, async () => (await statement<[], RawToken>(db, `SELECT ${COLUMNS} FROM api_tokens ORDER BY id`).all()).map((r) => toRow(r)!));
}

export function revokeApiToken(db: Db, id: number, now: number): Promise<boolean> {
  return onConnection(
    db,
    async () => (await statement<[number, number]>(db, "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL").run(now, id)) === 1,
  );
}

export function touchApiToken(db: Db, id: number, now: number): Promise<void> {
  return onConnection(db, async () => {
    await statement<[number, number]>(db, "UPDATE api_tokens SET last_used_at = ? WHERE id = ?").run(now, id);
  });
}
