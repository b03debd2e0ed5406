import { resolve as resolvePath } from "node:path";
import { z } from "zod";
import { PERSON_REF } from "./domain/campaign-settings.js";
import type { PlatformName } from "./domain/platform-names.js";
import { PairwiseError } from "./errors.js";

/** A lead named in `PAIRWISE_LEADS`: `slack:U123` or `discord:123456789`. */
export interface LeadRef {
  platform: PlatformName;
  userId: string;
}

const LEVELS = ["debug", "info", "warn", "error"] as const;
/** Where the database lives unless DATABASE_PATH says otherwise. */
const DEFAULT_DATABASE_PATH = "./data/pairwise.db";
/** Where Discord's Interactions Endpoint listens unless DISCORD_INTERACTIONS_PORT says otherwise (SLACK_PORT's default is 3000). */
const DEFAULT_DISCORD_INTERACTIONS_PORT = 3001;

const EnvSchema = z.object({
  DATABASE_PATH: z.string().min(1).default(DEFAULT_DATABASE_PATH),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/\S+$/, "must be a PostgreSQL URL such as postgres://pairwise:secret@db:5432/pairwise")
    .optional(),
  PAIRWISE_DB_POOL_SIZE: z.coerce.number().int().min(2).max(500).optional(),
  SLACK_BOT_TOKEN: z.string().min(1).optional(),
  SLACK_SIGNING_SECRET: z.string().min(1).optional(),
  SLACK_APP_TOKEN: z.string().min(1).optional(),
  SLACK_PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  SLACK_API_URL: z.url().optional(),
  DISCORD_BOT_TOKEN: z.string().min(1).optional(),
  DISCORD_APPLICATION_ID: z
    .string()
    .regex(/^\d{5,25}$/, "must be the numeric application id")
    .optional(),
  DISCORD_GUILD_ID: z
    .string()
    .regex(/^\d{5,25}$/, "must be a numeric guild id")
    .optional(),
  DISCORD_API_URL: z.url().optional(),
  DISCORD_PUBLIC_KEY: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, "must be the application's public key, 64 hexadecimal digits")
    .optional(),
  DISCORD_INTERACTIONS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  DISCORD_GATEWAY: z.enum(["on", "off"]).optional(),
  PAIRWISE_LEADS: z.string().default(""),
  PAIRWISE_TIMEZONE: z.string().default("UTC"),
  LOG_LEVEL: z.enum(LEVELS).default("info"),
  PAIRWISE_HEALTH_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  PAIRWISE_API_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  PAIRWISE_API_HOST: z.string().min(1).optional(),
  PAIRWISE_JUDGE_URL: z.url({ protocol: /^https?$/ }).optional(),
  PAIRWISE_JUDGE_MODEL: z.string().min(1).max(200).optional(),
  PAIRWISE_JUDGE_API_KEY: z.string().min(1).optional(),
});

export interface Config {
  /**
   * The SQLite file (DATABASE_PATH). With `databaseUrl` the data lives in PostgreSQL and this
   * path's folder only holds files: export snapshots and uploaded attachments.
   */
  databasePath: string;
  /** PostgreSQL (DATABASE_URL) instead of the SQLite file: what several replicas share. */
  databaseUrl?: string;
  /** Connections each replica's PostgreSQL pool may hold (PAIRWISE_DB_POOL_SIZE, default 10). */
  databasePoolSize?: number;
  /** Whether DATABASE_PATH was set: the playground adds its demo campaign unasked only to the default database. */
  databasePathSet: boolean;
  /** `signingSecret` verifies HTTP-mode requests; Socket Mode (`appToken`) needs none. */
  slack?: { botToken: string; signingSecret?: string; appToken?: string; port: number; apiUrl?: string };
  /**
   * `interactions` serves the Interactions Endpoint (DISCORD_PUBLIC_KEY); `gateway` says whether
   * the bot also logs in to the gateway (off by default with the endpoint, always on without it).
   */
  discord?: {
    botToken: string;
    applicationId: string;
    guildId?: string;
    apiUrl?: string;
    gateway: boolean;
    interactions?: { publicKey: string; port: number };
  };
  leads: LeadRef[];
  timezone: string;
  logLevel: (typeof LEVELS)[number];
  /** Whether LOG_LEVEL was set (the terminal playground stays quiet otherwise). */
  logLevelSet: boolean;
  /** A port of its own for the health checks; without it they are served on the Slack HTTP receiver's port only. */
  healthPort?: number;
  /** The pipeline HTTP API (off unless PAIRWISE_API_PORT is set); `host` defaults to every interface. */
  api?: { port: number; host?: string };
  /** The AI judge's OpenAI-compatible server; a campaign's `aiJudge.model` overrides the model. */
  judge?: { url: string; model?: string; apiKey?: string };
}

const HOW_TO_FIX: Record<string, string> = {
  DATABASE_URL: "unset it to use the SQLite file at DATABASE_PATH",
  PAIRWISE_DB_POOL_SIZE: "set it to a number of connections such as 10, or unset it",
  SLACK_PORT: "set it to a port number such as 3000",
  PAIRWISE_HEALTH_PORT: "set it to a port number such as 8080, or unset it",
  PAIRWISE_API_PORT: "set it to a port number such as 8088 to serve the pipeline API, or unset it to turn the API off",
  SLACK_API_URL: "set it to a full URL such as https://slack.com/api/ or unset it",
  DISCORD_API_URL: "set it to a full URL such as https://discord.com/api or unset it",
  DISCORD_PUBLIC_KEY: "copy it from the Developer Portal → General Information → Public Key",
  DISCORD_INTERACTIONS_PORT: "set it to a port number such as 3001",
  DISCORD_GATEWAY: "use on or off",
  LOG_LEVEL: `use one of ${LEVELS.join(", ")}`,
  PAIRWISE_JUDGE_URL: "set it to the server's base URL, such as http://127.0.0.1:8000/v1 (vLLM) or http://127.0.0.1:11434/v1 (Ollama)",
};

/**
 * Parses the environment once, at start. Errors name the variable and say how to fix it; a
 * half-configured platform (a token without its secret) is an error, not a silent skip.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // An empty variable (`SLACK_BOT_TOKEN=` in a .env file) means unset, not an empty token.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ""));
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? "?");
      const fix = HOW_TO_FIX[name];
      return `${name}: ${issue.message}${fix ? ` (${fix})` : ""}`;
    });
    throw new PairwiseError("CONFIG", `Invalid configuration:\n  ${lines.join("\n  ")}`);
  }
  const e = parsed.data;
  const problems: string[] = [];

  let slack: Config["slack"];
  if (e.SLACK_BOT_TOKEN || e.SLACK_SIGNING_SECRET || e.SLACK_APP_TOKEN) {
    if (!e.SLACK_BOT_TOKEN) problems.push("SLACK_BOT_TOKEN is required when other SLACK_* variables are set (the xoxb- token from OAuth & Permissions)");
    // Socket Mode receives events over Slack's own authenticated WebSocket: nothing to verify, so
    // the signing secret is needed only by the HTTP receiver (api.slack.com/apis/socket-mode).
    if (!e.SLACK_SIGNING_SECRET && !e.SLACK_APP_TOKEN) {
      problems.push(
        "SLACK_SIGNING_SECRET is required in HTTP mode (Basic Information → Signing Secret), or set SLACK_APP_TOKEN (an xapp- token) for Socket Mode, which needs no signing secret",
      );
    }
    if (e.SLACK_APP_TOKEN && !e.SLACK_APP_TOKEN.startsWith("xapp-"))
      problems.push("SLACK_APP_TOKEN must be an app-level token starting with xapp- (Basic Information → App-Level Tokens)");
    if (e.SLACK_BOT_TOKEN && (e.SLACK_SIGNING_SECRET || e.SLACK_APP_TOKEN)) {
      slack = { botToken: e.SLACK_BOT_TOKEN, port: e.SLACK_PORT };
      if (e.SLACK_SIGNING_SECRET) slack.signingSecret = e.SLACK_SIGNING_SECRET;
      if (e.SLACK_APP_TOKEN) slack.appToken = e.SLACK_APP_TOKEN;
      if (e.SLACK_API_URL) slack.apiUrl = e.SLACK_API_URL;
    }
  }

  let discord: Config["discord"];
  if ((e.DISCORD_INTERACTIONS_PORT !== undefined || e.DISCORD_GATEWAY) && !e.DISCORD_PUBLIC_KEY) {
    problems.push(
      `DISCORD_PUBLIC_KEY is required with ${e.DISCORD_GATEWAY ? "DISCORD_GATEWAY" : "DISCORD_INTERACTIONS_PORT"} (the Interactions Endpoint is off without it, and the gateway is then always on)`,
    );
  }
  if (e.DISCORD_BOT_TOKEN || e.DISCORD_APPLICATION_ID || e.DISCORD_PUBLIC_KEY) {
    const other = e.DISCORD_PUBLIC_KEY && !(e.DISCORD_BOT_TOKEN || e.DISCORD_APPLICATION_ID) ? "DISCORD_PUBLIC_KEY" : undefined;
    if (!e.DISCORD_BOT_TOKEN) problems.push(`DISCORD_BOT_TOKEN is required with ${other ?? "DISCORD_APPLICATION_ID"} (Developer Portal → Bot → Token)`);
    if (!e.DISCORD_APPLICATION_ID)
      problems.push(`DISCORD_APPLICATION_ID is required with ${other ?? "DISCORD_BOT_TOKEN"} (Developer Portal → General Information → Application ID)`);
    if (e.DISCORD_BOT_TOKEN && e.DISCORD_APPLICATION_ID) {
      // Discord sends interactions to the Interactions Endpoint URL once one is set, so the gateway
      // is needed for nothing then; DISCORD_GATEWAY=on keeps it (say, while switching over).
      discord = { botToken: e.DISCORD_BOT_TOKEN, applicationId: e.DISCORD_APPLICATION_ID, gateway: e.DISCORD_PUBLIC_KEY ? e.DISCORD_GATEWAY === "on" : true };
      if (e.DISCORD_PUBLIC_KEY)
        discord.interactions = { publicKey: e.DISCORD_PUBLIC_KEY.toLowerCase(), port: e.DISCORD_INTERACTIONS_PORT ?? DEFAULT_DISCORD_INTERACTIONS_PORT };
      if (e.DISCORD_GUILD_ID) discord.guildId = e.DISCORD_GUILD_ID;
      if (e.DISCORD_API_URL) discord.apiUrl = e.DISCORD_API_URL;
    }
  }

  const leads: LeadRef[] = [];
  for (const entry of e.PAIRWISE_LEADS.split(",")
    .map((s) => s.trim())
    .filter(Boolean)) {
    const match = PERSON_REF.exec(entry);
    if (!match) {
      problems.push(`PAIRWISE_LEADS: "${entry}" is not platform:userId (for example slack:U0123ABC,discord:80351110224678912)`);
      continue;
    }
    leads.push({ platform: match[1] as LeadRef["platform"], userId: match[2]! });
  }

  let judge: Config["judge"];
  if (e.PAIRWISE_JUDGE_URL) {
    judge = { url: e.PAIRWISE_JUDGE_URL };
    if (e.PAIRWISE_JUDGE_MODEL) judge.model = e.PAIRWISE_JUDGE_MODEL;
    if (e.PAIRWISE_JUDGE_API_KEY) judge.apiKey = e.PAIRWISE_JUDGE_API_KEY;
  } else if (e.PAIRWISE_JUDGE_MODEL || e.PAIRWISE_JUDGE_API_KEY) {
    problems.push(
      `PAIRWISE_JUDGE_URL is required with ${e.PAIRWISE_JUDGE_MODEL ? "PAIRWISE_JUDGE_MODEL" : "PAIRWISE_JUDGE_API_KEY"} (${HOW_TO_FIX.PAIRWISE_JUDGE_URL})`,
    );
  }

  if (!isValidTimeZone(e.PAIRWISE_TIMEZONE)) {
    problems.push(`PAIRWISE_TIMEZONE: "${e.PAIRWISE_TIMEZONE}" is not an IANA time zone (for example UTC or Europe/Berlin)`);
  }

  if (e.PAIRWISE_API_HOST && e.PAIRWISE_API_PORT === undefined)
    problems.push("PAIRWISE_API_PORT is required with PAIRWISE_API_HOST (the API is off unless it has a port)");
  if (
    e.PAIRWISE_API_PORT !== undefined &&
    (e.PAIRWISE_API_PORT === e.PAIRWISE_HEALTH_PORT || (slack && !slack.appToken && e.PAIRWISE_API_PORT === slack.port))
  ) {
    problems.push(
      `PAIRWISE_API_PORT: ${e.PAIRWISE_API_PORT} is already taken by ${e.PAIRWISE_API_PORT === e.PAIRWISE_HEALTH_PORT ? "PAIRWISE_HEALTH_PORT" : "SLACK_PORT (the Slack receiver)"}; give the API a port of its own`,
    );
  }
  const endpointPort = discord?.interactions?.port;
  if (endpointPort !== undefined) {
    const taken =
      endpointPort === e.PAIRWISE_HEALTH_PORT
        ? "PAIRWISE_HEALTH_PORT"
        : endpointPort === e.PAIRWISE_API_PORT
          ? "PAIRWISE_API_PORT"
          : slack && !slack.appToken && endpointPort === slack.port
            ? "SLACK_PORT (the Slack receiver)"
            : undefined;
    if (taken) problems.push(`DISCORD_INTERACTIONS_PORT: ${endpointPort} is already taken by ${taken}; give the Discord endpoint a port of its own`);
  }
  if (e.PAIRWISE_DB_POOL_SIZE !== undefined && !e.DATABASE_URL)
    problems.push("PAIRWISE_DB_POOL_SIZE is set without DATABASE_URL (it sizes the PostgreSQL pool); unset it, or set DATABASE_URL");
  if (problems.length > 0) throw new PairwiseError("CONFIG", `Invalid configuration:\n  ${problems.join("\n  ")}`);

  const config: Config = {
    databasePath: e.DATABASE_PATH,
    databasePathSet: present.DATABASE_PATH !== undefined && resolvePath(e.DATABASE_PATH) !== resolvePath(DEFAULT_DATABASE_PATH),
    leads,
    timezone: e.PAIRWISE_TIMEZONE,
    logLevel: e.LOG_LEVEL,
    logLevelSet: present.LOG_LEVEL !== undefined,
  };
  if (e.DATABASE_URL) config.databaseUrl = e.DATABASE_URL;
  if (e.PAIRWISE_DB_POOL_SIZE !== undefined) config.databasePoolSize = e.PAIRWISE_DB_POOL_SIZE;
  if (slack) config.slack = slack;
  if (discord) config.discord = discord;
  if (e.PAIRWISE_HEALTH_PORT !== undefined) config.healthPort = e.PAIRWISE_HEALTH_PORT;
  if (e.PAIRWISE_API_PORT !== undefined) config.api = { port: e.PAIRWISE_API_PORT, ...(e.PAIRWISE_API_HOST ? { host: e.PAIRWISE_API_HOST } : {}) };
  if (judge) config.judge = judge;
  return config;
}

function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The secrets in a config, for the logger to redact wherever they appear. */
export function secretsOf(config: Config): string[] {
  return [
    config.slack?.botToken,
    config.slack?.signingSecret,
    config.slack?.appToken,
    config.discord?.botToken,
    config.judge?.apiKey,
    config.databaseUrl,
    passwordOf(config.databaseUrl),
  ].filter((s): s is string => typeof s === "string" && s.length > 0);
}

/** The password in a database URL (decoded as the driver reads it), so the logger redacts it wherever it appears. */
function passwordOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const password = new URL(url).password;
    return password ? decodeURIComponent(password) : undefined;
  } catch {
    return undefined;
  }
}
