import { SingleBar, Presets } from "cli-progress";

/** A progress bar on stderr when it is a terminal; silent otherwise (pipes, CI, tests). */
export function createProgress(label: string, unit: string): { update(value: number, total: number, extra?: string): void; stop(): void } {
  if (!process.stderr.isTTY) return { update() {}, stop() {} };
  const bar = new SingleBar(
    { format: `${label} [{bar}] {percentage}% · {valueText} of {totalText} ${unit} {extra}`, hideCursor: true, stream: process.stderr, etaBuffer: 50 },
    Presets.shades_classic,
  );
  let started = false;
  const fmt = (n: number) => (unit === "MB" ? (n / 1e6).toFixed(1) : n.toLocaleString("en-US"));
  return {
    update(value, total, extra = "") {
      if (!started) {
        bar.start(total, 0, { valueText: fmt(0), totalText: fmt(total), extra });
        started = true;
      }
      bar.setTotal(total);
      bar.update(value, { valueText: fmt(value), totalText: fmt(total), extra });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
