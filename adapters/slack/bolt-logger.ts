import { LogLevel, type Logger as BoltLogger } from "@slack/bolt";
import type { Logger } from "../../src/logger.js";

/** Bolt's logger interface over ours, so Bolt's messages go through the same redaction. */
export function boltLogger(logger: Logger): BoltLogger {
  let level: LogLevel = LogLevel.INFO;
  const text = (msg: unknown[]) => msg.map((m) => (typeof m === "string" ? m : m instanceof Error ? m.message : JSON.stringify(m))).join(" ");
  return {
    debug: (...msg) => logger.debug({ source: "bolt" }, text(msg)),
    info: (...msg) => logger.info({ source: "bolt" }, text(msg)),
    warn: (...msg) => logger.warn({ source: "bolt" }, text(msg)),
    error: (...msg) => logger.error({ source: "bolt" }, text(msg)),
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
