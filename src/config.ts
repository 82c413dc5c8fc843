import { DEFAULT_CORPUS_DIR, DEFAULT_INDEX_CACHE_DIR } from "./paths.js";

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

/** Variables discord.js reads from process.env by itself, whatever options the Client is given. */
export const DISCORDJS_ENV = [
  "DISCORD_TOKEN",
  "SHARDS",
  "SHARD_COUNT",
  "SHARDING_MANAGER",
  "SHARDING_MANAGER_MODE",
] as const;

/**
 * Deletes the variables discord.js reads itself when they are empty. In .env an empty `NAME=` means
 * "not set" (loadConfig reads it so), but discord.js would read `SHARD_COUNT=` from .env.example as
 * shard count 0 and refuse to start. Run after dotenv has loaded .env.
 */
export function unsetEmptyDiscordjsEnv(env: Record<string, string | undefined>): void {
  for (const name of DISCORDJS_ENV) {
    const value = env[name];
    if (value !== undefined && value.trim() === "") delete env[name];
  }
}

const SNOWFLAKE = /^\d{17,20}$/;
const SNOWFLAKE_MAX_LENGTH = 20;

/** A Discord bot token: three base64url parts joined by dots. */
export const BOT_TOKEN_SHAPE = /[\w-]{20,}\.[\w-]{4,}\.[\w-]{20,}/;

/**
 * How a problem shows the value it is about: quoted when short, never when it could be a secret (a bot token
 * pasted into the wrong variable), so the error can be read out or pasted into a chat safely.
 */
function shown(raw: string, maxLength = SNOWFLAKE_MAX_LENGTH): string {
  if (BOT_TOKEN_SHAPE.test(raw))
    return "it looks like a bot token, which belongs only in DISCORD_TOKEN; the value is not shown";
  if (raw.length > maxLength) return `it is ${raw.length} characters long; the value is not shown`;
  return `it is "${raw}"`;
}

/** Reads and checks the environment (after dotenv). `requireDiscord` for commands that need Discord. */
export function loadConfig(env: Env, options: { requireDiscord?: boolean } = {}): Config {
  const problems: string[] = [];
  const value = (name: string): string | undefined => {
    const raw = env[name]?.trim();
    return raw ? raw : undefined;
  };
  const positiveInt = (name: string, fallback: number): number => {
    const raw = value(name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1) {
      problems.push(`${name} must be a whole number of at least 1 (${shown(raw)})`);
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

  const discordToken = value("DISCORD_TOKEN");
  if (discordToken !== undefined && !/^[\w.-]+$/.test(discordToken)) {
    problems.push(
      "DISCORD_TOKEN has characters a bot token never has: copy it again from the Developer Portal (Bot > Reset Token)",
    );
  }
  const applicationId = snowflake(
    "DISCORD_APPLICATION_ID",
    "application id (Developer Portal > General Information)",
  );
  const guildId = snowflake("DISCORD_GUILD_ID", "server id (right-click the server > Copy Server ID)");
  if (options.requireDiscord || discordToken !== undefined) {
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
  if (!/^https?:\/\/[^\s/]+/.test(discordApiUrl)) {
    problems.push(
      `DISCORD_API_URL must be an http(s) URL such as ${DEFAULT_DISCORD_API_URL} (${shown(discordApiUrl, 500)})`,
    );
  }
  const logLevel = (value("LOG_LEVEL") ?? "info").toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")} (${shown(logLevel)})`);
  }
  const cooldown = {
    limit: positiveInt("COOLDOWN_QUESTIONS", 5),
    windowMs: positiveInt("COOLDOWN_SECONDS", 30) * 1000,
  };

  const shardCount = positiveInt("SHARD_COUNT", 1);
  const spawnDelay = value("SHARD_SPAWN_DELAY_MS");
  const shardSpawnDelayMs = spawnDelay === undefined ? 5_500 : Number(spawnDelay);
  if (!Number.isInteger(shardSpawnDelayMs) || shardSpawnDelayMs < 0) {
    problems.push(`SHARD_SPAWN_DELAY_MS must be a whole number of milliseconds (${shown(spawnDelay ?? "")})`);
  }

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    discordToken,
    applicationId,
    guildId,
    discordApiUrl: discordApiUrl.replace(/\/+$/, ""),
    corpusDir: value("CORPUS_DIR") ?? DEFAULT_CORPUS_DIR,
    indexCacheDir: value("INDEX_CACHE_DIR") ?? DEFAULT_INDEX_CACHE_DIR,
    logLevel: logLevel as LogLevel,
    cooldown,
    shardCount,
    shardSpawnDelayMs,
  };
}
