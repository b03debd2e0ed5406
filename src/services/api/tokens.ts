import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { parseScopes, type ApiScope } from "../../domain/api-scopes.js";
import { PairwiseError } from "../../errors.js";
import {
  findApiTokenByName,
  findLiveApiTokenByHash,
  insertApiToken,
  listApiTokens,
  revokeApiToken,
  touchApiToken,
  type ApiTokenRow,
} from "../../storage/repos/api-tokens.repo.js";
import { withTransaction, type ServiceContext } from "../context.js";

export type { ApiTokenRow } from "../../storage/repos/api-tokens.repo.js";

/** Every token starts with this, so secret scanners and people recognise one (and the logger scrubs it). */
const TOKEN_PREFIX = "pw_";
/** Requests a minute a token may make unless created with another rate. */
const DEFAULT_RATE_PER_MINUTE = 600;

const CreateInput = z.object({
  name: z
    .string()
    .trim()
    .min(1, "give the token a name (--name ci-trainer)")
    .max(100)
    .regex(/^[\w.@-]+$/, "use letters, digits, . _ - and @ only"),
  scopes: z.string(),
  ratePerMinute: z.number().int().min(1).max(1_000_000).default(DEFAULT_RATE_PER_MINUTE),
});

/** The token's hash as stored: SHA-256 is enough for 192 random bits (no password to stretch). */
function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/**
 * Creates a pipeline token. The token itself is returned once, here, and never stored: only its
 * hash and its first characters (to tell tokens apart in a listing) are.
 */
export async function createApiToken(
  ctx: ServiceContext,
  input: { name: string; scopes: string; ratePerMinute?: number },
): Promise<{ token: string; row: ApiTokenRow }> {
  const parsed = CreateInput.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new PairwiseError("VALIDATION", `--${issue.path[0] === "ratePerMinute" ? "rate" : String(issue.path[0])}: ${issue.message}`);
  }
  const scopes: ApiScope[] = parseScopes(parsed.data.scopes);
  const token = `${TOKEN_PREFIX}${randomBytes(24).toString("base64url")}`;
  return await withTransaction(ctx, async () => {
    if (await findApiTokenByName(ctx.db, parsed.data.name))
      throw new PairwiseError(
        "CONFLICT",
        `A token named "${parsed.data.name}" exists already. Pick another name, or revoke it first: pairwise token revoke ${parsed.data.name}`,
      );
    const row = await insertApiToken(ctx.db, {
      name: parsed.data.name,
      hash: hashToken(token),
      prefix: token.slice(0, TOKEN_PREFIX.length + 6),
      scopes,
      ratePerMinute: parsed.data.ratePerMinute,
      now: ctx.clock.now().getTime(),
    });
    return { token, row };
  });
}

export async function listTokens(ctx: ServiceContext): Promise<ApiTokenRow[]> {
  return await listApiTokens(ctx.db);
}

/** Revokes a token by name: requests with it are refused from now on. */
export async function revokeToken(ctx: ServiceContext, name: string): Promise<ApiTokenRow> {
  const row = await findApiTokenByName(ctx.db, name);
  if (!row) throw new PairwiseError("NOT_FOUND", `No token named "${name}". See pairwise token list.`);
  if (row.revokedAt !== null) throw new PairwiseError("CONFLICT", `Token "${name}" was revoked already, on ${new Date(row.revokedAt).toISOString()}.`);
  await withTransaction(ctx, async () => await revokeApiToken(ctx.db, row.id, ctx.clock.now().getTime()));
  return { ...row, revokedAt: ctx.clock.now().getTime() };
}

const lastTouched = new Map<number, number>();

/**
 * The live token a bearer string stands for, or undefined. Records when it was last used at most
 * once a minute, so reads through the API do not each cost a write.
 */
export async function authenticateToken(ctx: ServiceContext, bearer: string): Promise<ApiTokenRow | undefined> {
  if (!bearer.startsWith(TOKEN_PREFIX)) return undefined;
  const row = await findLiveApiTokenByHash(ctx.db, hashToken(bearer));
  if (!row) return undefined;
  const now = ctx.clock.now().getTime();
  if (now - (lastTouched.get(row.id) ?? 0) > 60_000) {
    lastTouched.set(row.id, now);
    try {
      await withTransaction(ctx, async () => await touchApiToken(ctx.db, row.id, now), { durable: false });
    } catch {
      // A busy database costs the "last used" note, never the request.
    }
  }
  return row;
}
