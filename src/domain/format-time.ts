/**
 * An instant as people in `zone` read it: `2026-03-02 11:30 Europe/Berlin` (`… UTC` for UTC).
 * Times shown to people are in the team's time zone (PAIRWISE_TIMEZONE), the one they type close
 * times and schedules in, never silently in UTC.
 */
export function formatInZone(at: Date, zone: string): string {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")} ${get("hour")}:${get("minute")} ${zone === "Etc/UTC" ? "UTC" : zone}`;
}
