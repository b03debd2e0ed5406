/** One formatter per zone: building an Intl.DateTimeFormat costs far more than using one. */
const formatters = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock fields of an instant in `zone`, zero-padded (`hour` on a 0–23 clock). */
function wallClock(at: Date, zone: string): Record<"year" | "month" | "day" | "hour" | "minute" | "second", string> {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(zone, formatter);
  }
  const fields = { year: "", month: "", day: "", hour: "", minute: "", second: "" };
  for (const part of formatter.formatToParts(at)) if (part.type in fields) fields[part.type as keyof typeof fields] = part.value;
  return fields;
}

/**
 * An instant as people in `zone` read it: `2026-03-02 11:30 Europe/Berlin` (`… UTC` for UTC).
 * Times shown to people are in the team's time zone (PAIRWISE_TIMEZONE), the one they type close
 * times and schedules in, never silently in UTC.
 */
export function formatInZone(at: Date, zone: string): string {
  const t = wallClock(at, zone);
  return `${t.year}-${t.month}-${t.day} ${formatClockInZone(at, zone, t)}`;
}

/** The clock time of an instant in `zone`, for times within the day: `14:05 UTC`, `15:05 Europe/Berlin`. */
export function formatClockInZone(at: Date, zone: string, t = wallClock(at, zone)): string {
  return `${t.hour}:${t.minute} ${zone === "Etc/UTC" ? "UTC" : zone}`;
}

/** The offset of an IANA time zone from UTC at an instant, in minutes (DST included). */
export function zoneOffsetMinutes(zone: string, at: Date): number {
  const t = wallClock(at, zone);
  const asUtc = Date.UTC(Number(t.year), Number(t.month) - 1, Number(t.day), Number(t.hour), Number(t.minute), Number(t.second));
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
