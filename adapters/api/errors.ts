import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { asPairwiseError, type PairwiseErrorCode } from "../../src/errors.js";
import type { Logger } from "../../src/logger.js";

/** The HTTP status of each error code: what a pipeline's retry logic keys on. */
const STATUS: Record<PairwiseErrorCode, ContentfulStatusCode> = {
  VALIDATION: 422,
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  CONFLICT: 409,
  ALREADY_RECORDED: 409,
  EXPIRED: 409,
  NO_WORK: 409,
  EMPTY: 422,
  CONFIG: 500,
  PLATFORM: 502,
  BUSY: 503,
  STORAGE: 503,
  JUDGE: 502,
  INTERNAL: 500,
};

/** The error body every failure has: a stable code, a message that says what and how to fix it, and where (line, field) when known. */
export interface ApiErrorBody {
  error: { code: string; message: string; line?: number; field?: string };
}

export function errorBody(code: string, message: string, where: { line?: number | undefined; field?: string | undefined } = {}): ApiErrorBody {
  return { error: { code, message, ...(where.line !== undefined ? { line: where.line } : {}), ...(where.field ? { field: where.field } : {}) } };
}

/** Turns any thrown error into its JSON answer; a bug is logged with its cause and answered as a generic 500, never with a stack trace. */
export function answerError(c: Context, error: unknown, logger: Logger): Response {
  const known = asPairwiseError(error);
  if (!known || known.code === "INTERNAL") {
    logger.error({ err: error, method: c.req.method, path: c.req.path }, "API request failed");
    return c.json(errorBody("INTERNAL", "Something went wrong on the bot's side; nothing you sent is at fault. The error is in the bot's log."), 500);
  }
  if (known.code === "BUSY") c.header("Retry-After", "1");
  return c.json(errorBody(known.code, known.message, { line: known.location?.line, field: known.location?.field }), STATUS[known.code]);
}
