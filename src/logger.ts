import { pino, type Logger as PinoLogger, type DestinationStream } from "pino";

/** The logging port the core uses; pino underneath. */
export type Logger = Pick<PinoLogger, "debug" | "info" | "warn" | "error" | "child" | "level">;

/**
 * Creates the process logger. Known secrets are scrubbed from every line, whatever field or
 * message they hide in (a token pasted into an error message, a header dump), and the usual
 * credential keys are redacted by path.
 */
export function createLogger(options: { level?: string; secrets?: string[]; destination?: DestinationStream } = {}): Logger {
  const secrets = (options.secrets ?? []).filter((s) => s.length >= 6);
  const scrub = (line: string): string => {
    let out = line;
    for (const secret of secrets) out = out.split(secret).join("[redacted]");
    // Tokens we never configured but might see in payloads.
    return out.replace(/\bxox[abpe]-[A-Za-z0-9-]{8,}/g, "[redacted]").replace(/\bxapp-[A-Za-z0-9-]{8,}/g, "[redacted]");
  };
  const target = options.destination ?? pino.destination({ dest: 2, sync: true });
  const stream: DestinationStream = { write: (line: string) => target.write(scrub(line)) };
  return pino(
    {
      level: options.level ?? "info",
      redact: {
        paths: ["token", "*.token", "botToken", "*.botToken", "signingSecret", "*.signingSecret", "appToken", "*.appToken", "apiKey", "*.apiKey", "headers.authorization", "*.headers.authorization"],
        censor: "[redacted]",
      },
    },
    stream,
  );
}

/** A logger that drops everything, for tests and the CLI's quiet paths. */
export function silentLogger(): Logger {
  return pino({ level: "silent" });
}
