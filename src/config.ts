import { resolve } from "node:path";
import { DEFAULT_CORPUS_DIR, DEFAULT_FEEDBACK_FILE, DEFAULT_INDEX_CACHE_DIR } from "./paths.js";
import { printable } from "./printable.js";
import { BOT_TOKEN_SHAPE } from "./token-shape.js";
import { urlForDisplay } from "./url.js";

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface CooldownConfig {
  /** How many questions one user may ask within the window. */
  limit: number;
  windowMs: number;
}

export interface Config {
  /** Absent: the bot runs as a local console. */
  discordToken: string | undefined;
  applicationId: string | undefined;
  guildId: string | undefined;
  /** REST base URL, for running behind a REST proxy (and for tests against a fake Discord). */
  discordApiUrl: string;
  corpusDir: string;
  /** Where the index snapshot is kept, so a restart loads it instead of rebuilding. */
  indexCacheDir: string;
  logLevel: LogLevel;
  cooldown: CooldownConfig;
  /** Shards for `npm run start:sharded`: always explicit, never 'auto' (which asks discord.com directly). */
  shardCount: number;
  /** Pause between starting shards; Discord allows one IDENTIFY per 5 s for most bots. */
  shardSpawnDelayMs: number;
  /** How long start-up and `npm run register` wait for Discord before saying it cannot be reached. */
  discordTimeoutMs: number;
  /** `npm run start:http`: the port of the interactions endpoint. */
  port: number;
  /** `npm run start:http`: the application's Ed25519 public key (64 hex digits), which signs every request. */
  publicKey: string | undefined;
  /** Where answer ratings are appended, one JSON line per vote (an absolute path); see src/feedback/store.ts. */
  feedbackFile: string;
}

export const DEFAULT_DISCORD_API_URL = "https://discord.com/api";

/** A configuration mistake; `problems` says exactly what to set, one line each. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
  constructor(readonly problems: readonly string[]) {
    super(
      `Configuration problem${problems.length > 1 ? "s" : ""}:\n${problems.map((p) => `  - ${p}`).join("\n")}`,
    );
  }
}

/** Discord rejected the token: a configuration problem to fix in .env, not a crash. */
export class InvalidTokenError extends ConfigError {
  constructor() {
    super([
      "Discord rejected DISCORD_TOKEN: copy the bot token again from the Developer Portal (Bot > Reset Token) into .env",
    ]);
  }
}

type Env = Readonly<Record<string, string | undefined>>;

/** Variables read from process.env outside loadConfig: by discord.js's ShardingManager and by `shardPlan`. */
export const DISCORDJS_ENV = [
  "DISCORD_TOKEN",
  "SHARDS",
  "SHARD_COUNT",
  "SHARDING_MANAGER",
  "SHARDING_MANAGER_MODE",
] as const;

/**
 * Deletes those variables when they are empty. In .env an empty `NAME=` means "not set" (loadConfig reads
 * it so), but `SHARD_COUNT=` from .env.example would otherwise read as shard count 0. Run after dotenv has
 * loaded .env.
 */
export function unsetEmptyDiscordjsEnv(env: Record<string, string | undefined>): void {
  for (const name of DISCORDJS_ENV) {
    const value = env[name];
    if (value !== undefined && value.trim() === "") delete env[name];
  }
}

/** The numbers the environment sets, each with a range that keeps the bot usable and its timers valid. */
export const NUMBER_SETTINGS = {
  COOLDOWN_QUESTIONS: { min: 1, max: 10_000, fallback: 5, unit: "questions" },
  // Past an hour a user would wait "1e+300 seconds" and the cooldown table would never be cleaned.
  COOLDOWN_SECONDS: { min: 1, max: 3600, fallback: 30, unit: "seconds" },
  // Each shard is a process; a guild bot needs one per 2,500 servers.
  SHARD_COUNT: { min: 1, max: 64, fallback: 1, unit: "shards" },
  // Node turns a timer beyond 2^31 ms into 1 ms: an out-of-range delay would start every shard at once.
  SHARD_SPAWN_DELAY_MS: { min: 0, max: 60_000, fallback: 5_500, unit: "milliseconds" },
  // Seconds, not a minute: a user waiting on a dead network wants to be told.
  DISCORD_TIMEOUT_SECONDS: { min: 1, max: 120, fallback: 15, unit: "seconds" },
  // 0 lets the system pick a free port (the log line says which).
  PORT: { min: 0, max: 65_535, fallback: 8080, unit: "(a TCP port)" },
} as const;
type NumberSetting = keyof typeof NUMBER_SETTINGS;

function isLogLevel(level: string): level is LogLevel {
  return (LOG_LEVELS as readonly string[]).includes(level);
}

const SNOWFLAKE = /^\d{17,20}$/;
const SNOWFLAKE_MAX_LENGTH = 20;
/** An Ed25519 public key as the Developer Portal shows it. */
const PUBLIC_KEY = /^[0-9a-f]{64}$/i;

const TOKEN_NOT_SHOWN =
  "it looks like a bot token, which belongs only in DISCORD_TOKEN; the value is not shown";

/**
 * How a problem shows the value it is about: quoted when short, never when it could be a secret (a bot token
 * pasted into the wrong variable), so the error can be read out or pasted into a chat safely; control
 * characters escaped, so a value cannot rewrite the terminal it is printed on.
 */
function shown(raw: string, maxLength = SNOWFLAKE_MAX_LENGTH): string {
  if (BOT_TOKEN_SHAPE.test(raw)) return TOKEN_NOT_SHOWN;
  if (raw.length > maxLength) return `it is ${raw.length} characters long; the value is not shown`;
  return `it is "${printable(raw)}"`;
}

/** LOG_LEVEL, in any case; when it is not a level, what is wrong goes to `problems` and `fallback` is used. */
function readLogLevel(env: Env, fallback: LogLevel, problems: string[]): LogLevel {
  const level = env.LOG_LEVEL?.trim().toLowerCase() || fallback;
  if (isLogLevel(level)) return level;
  problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")} (${shown(level)})`);
  return fallback;
}

/**
 * What an entry point uses, so that only its settings are checked: a cooldown typo must not stop the
 * console or `npm run register`, which never use it.
 * - `start`: the bot with a token, the local console without one (corpus, cache and log level only);
 * - `register`: Discord's ids and token, the corpus (for the promise count), the timeout;
 * - `sharded`: everything but the HTTP endpoint's settings;
 * - `http`: the HTTP endpoint: its port and public key, the cooldown; no token;
 * - `local`: `npm run ask`, `npm run eval` and `npm run feedback` (corpus and log level).
 * FEEDBACK_FILE is read for every entry point: it is a path, never a reason to stop.
 */
export type EntryPoint = "start" | "register" | "sharded" | "http" | "local";

const BOT_NUMBERS: readonly NumberSetting[] = [
  "COOLDOWN_QUESTIONS",
  "COOLDOWN_SECONDS",
  "SHARD_COUNT",
  "DISCORD_TIMEOUT_SECONDS",
];

function numbersUsed(entry: EntryPoint, withToken: boolean): ReadonlySet<NumberSetting> {
  switch (entry) {
    case "sharded":
      return new Set([...BOT_NUMBERS, "SHARD_SPAWN_DELAY_MS"]);
    case "http":
      return new Set<NumberSetting>(["COOLDOWN_QUESTIONS", "COOLDOWN_SECONDS", "PORT"]);
    case "register":
      return new Set<NumberSetting>(["DISCORD_TIMEOUT_SECONDS"]);
    case "start":
      return new Set(withToken ? BOT_NUMBERS : []);
    case "local":
      return new Set();
  }
}

/** Reads and checks the environment (after dotenv), the settings `entry` uses and no others. */
export function loadConfig(env: Env, options: { entry?: EntryPoint } = {}): Config {
  const entry = options.entry ?? "start";
  const requireDiscord = entry === "register" || entry === "sharded";
  const problems: string[] = [];
  const value = (name: string): string | undefined => {
    const raw = env[name]?.trim();
    return raw ? raw : undefined;
  };
  const wholeNumber = (name: NumberSetting): number => {
    const { min, max, fallback, unit } = NUMBER_SETTINGS[name];
    const raw = value(name);
    if (raw === undefined || !used.has(name)) return fallback;
    // Digits only: Number() would also take "1e300", "0x10" and "Infinity".
    const n = /^\d{1,9}$/.test(raw) ? Number(raw) : Number.NaN;
    if (!(n >= min && n <= max)) {
      problems.push(`${name} must be a whole number from ${min} to ${max} ${unit} (${shown(raw)})`);
      return fallback;
    }
    return n;
  };
  const snowflake = (name: string, what: string): string | undefined => {
    const raw = value(name);
    if (raw !== undefined && !SNOWFLAKE.test(raw)) {
      problems.push(`${name} must be the ${what}: a number of 17 to 20 digits (${shown(raw)})`);
    }
    return raw;
  };

  const discordToken = entry === "local" ? undefined : value("DISCORD_TOKEN");
  const used = numbersUsed(entry, discordToken !== undefined);
  const usesDiscord = requireDiscord || discordToken !== undefined;
  if (discordToken !== undefined && !/^[\w.-]+$/.test(discordToken)) {
    problems.push(
      "DISCORD_TOKEN has characters a bot token never has: copy it again from the Developer Portal (Bot > Reset Token)",
    );
  }
  const applicationId = usesDiscord
    ? snowflake("DISCORD_APPLICATION_ID", "application id (Developer Portal > General Information)")
    : undefined;
  const guildId = usesDiscord
    ? snowflake("DISCORD_GUILD_ID", "server id (right-click the server > Copy Server ID)")
    : undefined;
  if (usesDiscord) {
    if (discordToken === undefined)
      problems.push(
        "DISCORD_TOKEN is not set: copy the bot token from the Developer Portal (Bot > Reset Token) into .env",
      );
    if (applicationId === undefined)
      problems.push(
        "DISCORD_APPLICATION_ID is not set: copy the application id from the Developer Portal (General Information) into .env",
      );
  }

  const discordApiUrl = value("DISCORD_API_URL") ?? DEFAULT_DISCORD_API_URL;
  if (usesDiscord && !(/^https?:\/\/[^\s/]+/.test(discordApiUrl) && URL.canParse(discordApiUrl))) {
    problems.push(
      `DISCORD_API_URL must be an http(s) URL such as ${DEFAULT_DISCORD_API_URL} (it is "${urlForDisplay(discordApiUrl)}")`,
    );
  }
  const logLevel = readLogLevel(env, entry === "local" ? "warn" : "info", problems);
  const cooldown = {
    limit: wholeNumber("COOLDOWN_QUESTIONS"),
    windowMs: wholeNumber("COOLDOWN_SECONDS") * 1000,
  };

  const shardCount = wholeNumber("SHARD_COUNT");
  const shardSpawnDelayMs = wholeNumber("SHARD_SPAWN_DELAY_MS");
  const discordTimeoutMs = wholeNumber("DISCORD_TIMEOUT_SECONDS") * 1000;
  const port = wholeNumber("PORT");
  const publicKey = entry === "http" ? value("DISCORD_PUBLIC_KEY") : undefined;
  if (entry === "http" && publicKey === undefined)
    problems.push(
      "DISCORD_PUBLIC_KEY is not set: copy the public key from the Developer Portal (General Information) into .env",
    );
  if (publicKey !== undefined && !PUBLIC_KEY.test(publicKey))
    problems.push(
      `DISCORD_PUBLIC_KEY must be the application's public key: 64 hexadecimal digits (${shown(publicKey, 64)})`,
    );

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    discordToken,
    applicationId,
    guildId,
    discordApiUrl: discordApiUrl.replace(/\/+$/, ""),
    corpusDir: value("CORPUS_DIR") ?? DEFAULT_CORPUS_DIR,
    indexCacheDir: value("INDEX_CACHE_DIR") ?? DEFAULT_INDEX_CACHE_DIR,
    logLevel,
    cooldown,
    shardCount,
    shardSpawnDelayMs,
    discordTimeoutMs,
    port,
    publicKey,
    // Absolute, so the bot and `npm run feedback` started from different folders find the same file.
    feedbackFile: resolve(value("FEEDBACK_FILE") ?? DEFAULT_FEEDBACK_FILE),
  };
}
