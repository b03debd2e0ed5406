import * as chrono from "chrono-node";
import { PairwiseError } from "../../errors.js";
import { zoneOffsetMinutes } from "../../domain/format-time.js";

const DEFAULT_POLL_HOURS = 24;
const MAX_POLL_DAYS = 90;

const EXAMPLE = 'for example --close 2h, --close 90m, --close 3d or --close "tomorrow 17:00"';

/**
 * When a poll closes: a duration (`2h`, `90m`, `3d`) from now, or a time people write ("tomorrow
 * 17:00", "friday 9am", "2026-12-01 17:00") read in the team's time zone. Refuses times in the past
 * and more than 90 days ahead, with an example of the right form.
 */
export function parseCloseTime(text: string | undefined, now: Date, zone: string): Date {
  if (text === undefined || text.trim() === "") return new Date(now.getTime() + DEFAULT_POLL_HOURS * 3_600_000);
  const duration = /^(\d+(?:\.\d+)?)\s*(m|min|mins|minutes?|h|hr|hrs|hours?|d|days?)$/i.exec(text.trim());
  let at: Date | null;
  if (duration) {
    const n = Number(duration[1]);
    const unit = duration[2]!.toLowerCase()[0];
    at = new Date(now.getTime() + n * (unit === "m" ? 60_000 : unit === "h" ? 3_600_000 : 86_400_000));
  } else {
    at = chrono.parseDate(text, { instant: now, timezone: zoneOffsetMinutes(zone, now) }, { forwardDate: true });
  }
  if (!at) throw new PairwiseError("VALIDATION", `"${text}" is not a close time I can read; ${EXAMPLE}.`);
  if (at.getTime() <= now.getTime()) throw new PairwiseError("VALIDATION", `The close time "${text}" is in the past; ${EXAMPLE}.`);
  if (at.getTime() > now.getTime() + MAX_POLL_DAYS * 86_400_000)
    throw new PairwiseError("VALIDATION", `A poll can stay open at most ${MAX_POLL_DAYS} days; "${text}" is later.`);
  return at;
}
