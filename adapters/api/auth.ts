import type { MiddlewareHandler } from "hono";
import { allows, type ApiScope } from "../../src/domain/api-scopes.js";
import { authenticateToken, type ApiTokenRow } from "../../src/services/api/tokens.js";
import type { ServiceContext } from "../../src/services/context.js";
import { errorBody } from "./errors.js";
import type { RateLimiter } from "./rate-limit.js";

export type ApiEnv = { Variables: { token: ApiTokenRow } };

/**
 * Checks the bearer token (401 without a valid one), its scope (403 naming the scope it lacks)
 * and its rate (429 with Retry-After). The token never leaves this function: not in a log line,
 * not in an answer.
 */
export function requireScope(services: ServiceContext, limiter: RateLimiter, scope: ApiScope): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const header = c.req.header("authorization") ?? "";
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    const token = match ? await authenticateToken(services, match[1]!) : undefined;
    if (!token) {
      c.header("WWW-Authenticate", 'Bearer realm="pairwise"');
      return c.json(
        errorBody(
          "UNAUTHORIZED",
          match
            ? "This token is not valid (unknown or revoked). Create one with: pairwise token create --name <name> --scopes <scopes>"
            : "Send a token: Authorization: Bearer pw_… (create one with: pairwise token create --name <name> --scopes <scopes>)",
        ),
        401,
      );
    }
    if (!allows(token.scopes, scope)) {
      return c.json(
        errorBody(
          "FORBIDDEN",
          `Token "${token.name}" lacks the scope ${scope} (it has ${token.scopes.join(", ") || "none"}). Create a token with it: pairwise token create --name <name> --scopes ${scope}`,
        ),
        403,
      );
    }
    const wait = limiter.take(token.id, token.ratePerMinute);
    if (wait > 0) {
      c.header("Retry-After", String(wait));
      return c.json(
        errorBody("RATE_LIMITED", `Token "${token.name}" is over its rate of ${token.ratePerMinute} requests a minute. Try again in ${wait} s.`),
        429,
      );
    }
    c.set("token", token);
    await next();
  };
}
