/**
 * An instant as people in `zone` read it: `2026-03-02 11:30 Europe/Berlin` (`… UTC` for UTC).
 * Times shown to people are in the team's time zone (PAIRWISE_TIMEZONE), the one they type close
 * times and schedules in, never silently in UTC.
 */
export function formatInZone(at: Date, zone: string): string {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: zone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")} ${get("hour")}:${get("minute")} ${zone === "Etc/UTC" ? "UTC" : zone}`;
}

/** The clock time of an instant in `zone`, for times within the day: `14:05 UTC`, `15:05 Europe/Berlin`. */
export function formatClockInZone(at: Date, zone: string): string {
  const full = formatInZone(at, zone);
  return full.slice(full.indexOf(" ") + 1);
}

/** The offset of an IANA time zone from UTC at an instant, in minutes (DST included). */
export function zoneOffsetMinutes(zone: string, at: Date): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: zone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

/**
 * The calendar day before the one `at` falls on, in `zone`: its first instant, its end (the next
 * midnight) and its date as people there write it.
 */
export function previousDayIn(zone: string, at: Date): { start: number; end: number; date: string } {
  const midnightOf = (t: number): number => {
    const local = t + zoneOffsetMinutes(zone, new Date(t)) * 60_000;
    const localMidnight = Math.floor(local / 86_400_000) * 86_400_000;
    // Back to UTC with the offset in force at that midnight (a DST change may lie in between).
    const guess = localMidnight - zoneOffsetMinutes(zone, new Date(localMidnight)) * 60_000;
    return localMidnight - zoneOffsetMinutes(zone, new Date(guess)) * 60_000;
  };
  const end = midnightOf(at.getTime());
  const start = midnightOf(end - 12 * 3_600_000);
  const local = new Date(start + zoneOffsetMinutes(zone, new Date(start)) * 60_000);
  return { start, end, date: local.toISOString().slice(0, 10) };
}
