import { asPairwiseError } from "../errors.js";
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
  BUSY: "warning",
  STORAGE: "danger",
};

/**
 * Maps any failure to a private notice. Known errors say what happened and how to go on; unknown
 * ones are logged with their cause and shown as a short apology with a reference, never a trace.
 */
export function errorReply(error: unknown, logger: Logger, context: Record<string, unknown>): Reply {
  const known = asPairwiseError(error);
  if (known && known.code !== "INTERNAL") {
    // Storage failures need an operator: they are logged where one looks.
    if (known.code === "STORAGE") logger.error({ ...context, err: error }, "storage failure");
    else logger.debug({ ...context, code: known.code, message: known.message }, "request refused");
    return { kind: "private", view: notice(known.message, TONES[known.code] ?? "warning") };
  }
  const reference = Math.random().toString(36).slice(2, 8);
  logger.error({ ...context, err: error, reference }, "handler failed");
  return {
    kind: "private",
    view: notice(
      `Something went wrong on our side, and nothing was changed by this action. Please try again; if it keeps failing, give a lead this reference: ${reference}.`,
      "danger",
    ),
  };
}
