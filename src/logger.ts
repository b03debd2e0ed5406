import { pino, type Logger as PinoLogger, type DestinationStream } from "pino";

/** The logging port the core uses; pino underneath. */
export type Logger = Pick<PinoLogger, "debug" | "info" | "warn" | "error" | "child" | "level">;

const REDACTED = "[redacted]";

/**
 * Credentials that travel inside URLs and payloads rather than in our config: an interaction
 * token (Discord: 15 minutes of answering as the bot), a webhook token, a Slack response_url
 * (30 minutes of posting into the conversation), and Slack-shaped tokens we never configured.
 */
const URL_CREDENTIALS: [RegExp, string][] = [
  [/\/(interactions|webhooks)\/(\d+)\/[A-Za-z0-9._~%-]+/g, `/$1/$2/${REDACTED}`],
  [/https?:\/\/hooks\.slack\.com\/[^\s"'\\]*/g, `https://hooks.slack.com/${REDACTED}`],
  [/("response_url"\s*:\s*")[^"]*/g, `$1${REDACTED}`],
  [/(response_url=)[^&\s"]*/g, `$1${REDACTED}`],
  [/\bxox[abpe]-[A-Za-z0-9-]{8,}/g, REDACTED],
  [/\bxapp-[A-Za-z0-9-]{8,}/g, REDACTED],
  // The pipeline API's bearer tokens and webhook signing secrets (src/services/api/tokens.ts, src/services/webhooks).
  [/\bpw_[A-Za-z0-9_-]{16,}/g, REDACTED],
  [/\bwhsec_[A-Za-z0-9_-]{16,}/g, REDACTED],
];

function scrubCredentials(text: string): string {
  return URL_CREDENTIALS.reduce((out, [pattern, replacement]) => out.replace(pattern, replacement), text);
}

/** The fields of an error worth logging besides its message: codes and statuses, never a body. */
const ERROR_FIELDS = ["code", "status", "statusCode", "method", "retryAfter", "errno", "syscall"] as const;

/**
 * What an error becomes in a log line. SDK errors carry the request they failed on: discord.js
 * its URL (with the interaction or webhook token in the path) and `requestBody` (a card's text, a
 * gold item's answer), axios a `config` with the body and headers. Only the message, the stack,
 * codes and statuses are kept, and a URL without its query and with its tokens redacted; a
 * platform's error string (Slack's `data.error`) is kept too. Causes get the same treatment.
 */
function loggableError(error: unknown, depth = 0): unknown {
  if (!(error instanceof Error)) return typeof error === "object" && error !== null ? { type: typeof error, value: String(error) } : error;
  const out: Record<string, unknown> = { type: error.name, message: error.message };
  if (error.stack) out.stack = error.stack;
  const fields = error as unknown as Record<string, unknown>;
  for (const key of ERROR_FIELDS) if (typeof fields[key] === "string" || typeof fields[key] === "number") out[key] = fields[key];
  if (typeof fields.url === "string") out.url = scrubCredentials(fields.url.split("?")[0]!);
  const data = fields.data as { error?: unknown } | undefined;
  if (typeof data?.error === "string") out.platformError = data.error;
  if (error.cause !== undefined && depth < 3) out.cause = loggableError(error.cause, depth + 1);
  return out;
}

/**
 * Creates the process logger. Known secrets are scrubbed from every line, whatever field or
 * message they hide in (a token pasted into an error message, a header dump), and so are the
 * credentials that travel in URLs (interaction and webhook tokens, Slack response URLs); errors are
 * logged without the requests they failed on ({@link loggableError}); the usual credential keys
 * are redacted by path.
 */
export function createLogger(options: { level?: string; secrets?: string[]; destination?: DestinationStream } = {}): Logger {
  const secrets = (options.secrets ?? []).filter((s) => s.length >= 6);
  const scrub = (line: string): string => {
    let out = line;
    for (const secret of secrets) out = out.split(secret).join(REDACTED);
    return scrubCredentials(out);
  };
  const target = options.destination ?? pino.destination({ dest: 2, sync: true });
  const stream: DestinationStream = { write: (line: string) => target.write(scrub(line)) };
  return pino(
    {
      level: options.level ?? "info",
      serializers: { err: loggableError },
      redact: {
        paths: [
          "token",
          "*.token",
          "botToken",
          "*.botToken",
          "signingSecret",
          "*.signingSecret",
          "appToken",
          "*.appToken",
          "apiKey",
          "*.apiKey",
          "headers.authorization",
          "*.headers.authorization",
          "secret",
          "*.secret",
        ],
        censor: REDACTED,
      },
    },
    stream,
  );
}

/** A logger that drops everything, for tests and the CLI's quiet paths. */
export function silentLogger(): Logger {
  return pino({ level: "silent" });
}
