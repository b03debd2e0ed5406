import { LogLevel, type Logger as BoltLogger } from "@slack/bolt";
import type { Logger } from "../../src/logger.js";

/**
 * The Web API client's debug lines that carry a request or its answer whole: a card's text, a
 * gold item's answer, a rationale. The line is kept (it says a call happened), its payload is not.
 */
const PAYLOAD_LINES = /^(http request body:|http request result:|http request headers:|ack\(\) call begins \(body:|ack\(\) response sent \(body:)/;

/** Bolt's logger interface over ours, so Bolt's messages go through the same redaction. */
export function boltLogger(logger: Logger): BoltLogger {
  let level: LogLevel = LogLevel.INFO;
  const text = (msg: unknown[]) => {
    const line = msg.map((m) => (typeof m === "string" ? m : m instanceof Error ? m.message : JSON.stringify(m))).join(" ");
    const payload = PAYLOAD_LINES.exec(line);
    return payload ? `${payload[1]} [redacted]` : line;
  };
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
