import { isPairwiseError } from "../errors.js";
import type { Logger } from "../logger.js";
import type { Reply } from "./events.js";
import { notice, type Tone } from "./views.js";

const TONES: Partial<Record<string, Tone>> = {
  VALIDATION: "warning",
  NOT_FOUND: "warning",
  FORBIDDEN: "danger",
  CONFLICT: "warning",
  EXPIRED: "warning",
  NO_WORK: "info",
  EMPTY: "warning",
  ALREADY_RECORDED: "info",
};

/**
 * Maps any failure to a private notice. Known errors say what happened and how to go on; unknown
 * ones are logged with their cause and shown as a short apology with a reference, never a trace.
 */
export function errorReply(error: unknown, logger: Logger, context: Record<string, unknown>): Reply {
  if (isPairwiseError(error) && error.code !== "INTERNAL") {
    logger.debug({ ...context, code: error.code, message: error.message }, "request refused");
    return { kind: "private", view: notice(error.message, TONES[error.code] ?? "warning") };
  }
  const reference = Math.random().toString(36).slice(2, 8);
  logger.error({ ...context, err: error, reference }, "handler failed");
  return {
    kind: "private",
    view: notice(`Something went wrong on our side, and nothing was changed by this action. Please try again; if it keeps failing, give a lead this reference: ${reference}.`, "danger"),
  };
}
