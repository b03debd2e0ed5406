/** One model's line on a leaderboard, raw and (when fitted) style-controlled. */
export interface LeaderboardRow {
  model: string;
  rank: number;
  rating: number;
  ci?: [number, number];
  styled?: { rank: number; rating: number; ci?: [number, number] };
}

type Fit = { ratings: Record<string, number>; ci?: Record<string, [number, number]> };

/** Ranks 1…n by rating, best first (equal ratings share the better rank). */
function ranks(ratings: Record<string, number>): Map<string, number> {
  const sorted = Object.values(ratings).sort((a, b) => b - a);
  return new Map(Object.entries(ratings).map(([m, r]) => [m, sorted.indexOf(r) + 1]));
}

/** The raw leaderboard, best first, with the style-controlled rank and rating beside each model. */
export function sideBySide(raw: Fit, styled?: Fit): LeaderboardRow[] {
  const rawRanks = ranks(raw.ratings);
  const styledRanks = styled ? ranks(styled.ratings) : undefined;
  return Object.entries(raw.ratings)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([model, rating]) => {
      const row: LeaderboardRow = { model, rank: rawRanks.get(model)!, rating };
      if (raw.ci?.[model]) row.ci = raw.ci[model];
      if (styled && styled.ratings[model] !== undefined) {
        row.styled = { rank: styledRanks!.get(model)!, rating: styled.ratings[model]!, ...(styled.ci?.[model] ? { ci: styled.ci[model] } : {}) };
      }
      return row;
    });
}

/** The rows as text cells (header first), ratings to `digits` decimals. */
export function leaderboardCells(rows: readonly LeaderboardRow[], options: { digits: number; level?: number }): string[][] {
  const f = (x: number) => x.toFixed(options.digits);
  const ci = (c?: [number, number]) => (c ? `[${f(c[0])}, ${f(c[1])}]` : "");
  const level = `${Math.round((options.level ?? 0.95) * 100)}% CI`;
  const withCi = rows.some((r) => r.ci);
  const withStyle = rows.some((r) => r.styled);
  const header = [
    "#",
    "model",
    "rating",
    ...(withCi ? [level] : []),
    ...(withStyle ? ["style-controlled #", "rating", ...(rows.some((r) => r.styled?.ci) ? [level] : []), "change"] : []),
  ];
  return [
    header,
    ...rows.map((r) => [
      String(r.rank),
      r.model,
      f(r.rating),
      ...(withCi ? [ci(r.ci)] : []),
      ...(withStyle
        ? [
            r.styled ? String(r.styled.rank) : "",
            r.styled ? f(r.styled.rating) : "",
            ...(rows.some((x) => x.styled?.ci) ? [ci(r.styled?.ci)] : []),
            r.styled ? movement(r.rank, r.styled.rank) : "",
          ]
        : []),
    ]),
  ];
}

const movement = (raw: number, styled: number): string => (styled < raw ? `up ${raw - styled}` : styled > raw ? `down ${styled - raw}` : "=");

/** Cells padded into aligned lines. */
export function alignCells(cells: readonly (readonly string[])[]): string[] {
  const widths = cells[0]!.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? "").length)));
  return cells.map((row) =>
    row
      .map((cell, i) => (i === 1 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
      .join("  ")
      .trimEnd(),
  );
}
