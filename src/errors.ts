/**
 * The one error family of Pairwise. Every failure a user can cause or meet carries a stable
 * `code` (for the dispatcher and the CLI to map to a message) and a message that says what went
 * wrong, where, and how to fix it.
 */
export type PairwiseErrorCode =
  | "VALIDATION" // bad input: a file row, a command argument, a form field
  | "NOT_FOUND" // a campaign, item or assignment that does not exist
  | "FORBIDDEN" // the actor may not do this (not a lead, someone else's assignment)
  | "CONFLICT" // the state does not allow it (campaign paused, duplicate id)
  | "ALREADY_RECORDED" // the same vote twice
  | "EXPIRED" // an assignment whose lease ended
  | "NO_WORK" // nothing left to assign
  | "EMPTY" // an export whose items are all left out: nothing is written, and the message says why
  | "CONFIG" // a missing or malformed environment variable or setting
  | "PLATFORM" // a chat platform refused or failed a call
  | "BUSY" // another process holds the database's write lock for longer than we can wait: try again
  | "STORAGE" // the database cannot take writes (disk full, read-only file, I/O error): an operator must act
  | "JUDGE" // the AI judge server refused or failed (pairs left unscored)
  | "INTERNAL"; // a bug: logged with its cause, shown to the user as a generic apology

/** Where in an input file or form the problem sits; every field is optional. */
export interface ErrorLocation {
  file?: string;
  line?: number;
  field?: string;
}

export class PairwiseError extends Error {
  readonly code: PairwiseErrorCode;
  readonly location: ErrorLocation | undefined;
  /** Per-field messages, for forms that show errors next to their inputs. */
  readonly fieldErrors: Record<string, string> | undefined;

  constructor(code: PairwiseErrorCode, message: string, options: { cause?: unknown; location?: ErrorLocation; fieldErrors?: Record<string, string> } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "PairwiseError";
    this.code = code;
    this.location = options.location;
    this.fieldErrors = options.fieldErrors;
  }
}

/** Formats a location as `file:line (field)` for messages. */
function formatLocation(location: ErrorLocation | undefined): string {
  if (!location) return "";
  const parts: string[] = [];
  if (location.file) parts.push(location.line ? `${location.file}:${location.line}` : location.file);
  else if (location.line) parts.push(`line ${location.line}`);
  if (location.field) parts.push(`field "${location.field}"`);
  return parts.join(", ");
}

export function isPairwiseError(error: unknown): error is PairwiseError {
  return error instanceof PairwiseError;
}

/** Shorthand for the most common error: bad input at a location. */
export function validationError(message: string, location?: ErrorLocation): PairwiseError {
  const where = formatLocation(location);
  return new PairwiseError("VALIDATION", where ? `${where}: ${message}` : message, location ? { location } : {});
}

/** The SQLite driver's failures that are not bugs, by their result code (no driver import here). */
const STORAGE_FAILURES: [RegExp, PairwiseErrorCode, string][] = [
  [
    /^SQLITE_BUSY/,
    "BUSY",
    "The database is busy: another process (the bot, or another pairwise command) is writing to it. Nothing was changed; try again in a moment.",
  ],
  [/^SQLITE_FULL/, "STORAGE", "The disk holding the database is full, so nothing was saved. Free some space and try again."],
  [/^SQLITE_READONLY/, "STORAGE", "The database file is read-only here, so nothing was saved. Check its permissions and those of its folder."],
  [/^SQLITE_IOERR/, "STORAGE", "The database could not be read or written (an I/O error), so nothing was saved. Check the disk, then try again."],
  // PostgreSQL's SQLSTATE codes (www.postgresql.org/docs/current/errcodes-appendix.html). A lost
  // server is told by storage/postgres/database.ts, which knows the error came from the database.
  [
    /^(40001|40P01|53300|57014)$/,
    "BUSY",
    "The database is busy (too many requests at once, or a conflict with another one). Nothing was changed; try again in a moment.",
  ],
  [/^53100$/, "STORAGE", "The disk holding the database is full, so nothing was saved. An operator must free space on the PostgreSQL server."],
  [/^25006$/, "STORAGE", "The database takes no writes right now (a read-only or standby server), so nothing was saved. An operator must check DATABASE_URL."],
];

/**
 * The one place that turns driver failures into what a person can act on: a busy database, a full
 * disk, a read-only file. A PairwiseError passes through; anything else (a bug) gives undefined.
 * The dispatcher and the CLI both map errors through here.
 */
export function asPairwiseError(error: unknown): PairwiseError | undefined {
  if (isPairwiseError(error)) return error;
  const code = error instanceof Error ? (error as { code?: unknown }).code : undefined;
  if (typeof code !== "string") return undefined;
  const known = STORAGE_FAILURES.find(([pattern]) => pattern.test(code));
  return known ? new PairwiseError(known[1], known[2], { cause: error }) : undefined;
}
