import { type DestinationStream, type Logger, type LoggerOptions, pino } from "pino";
import type { LogLevel } from "./config.js";
import { BOT_TOKEN_SHAPE } from "./token-shape.js";

export type { Logger };

/** Paths of values that must never be written out, wherever they turn up in a log line. */
export const REDACT_PATHS = [
  "token",
  "*.token",
  "*.*.token",
  "config.discordToken",
  "discordToken",
  "authorization",
  "*.authorization",
  "headers.authorization",
];

const REDACTED = "[redacted]";

/**
 * Secrets inside strings, which redact paths cannot reach: a failed request's URL carries the interaction
 * token (`/interactions/<id>/<token>/callback`) or the webhook token (`/webhooks/<app id>/<token>/...`).
 */
const SECRET_IN_URL = /(\/(?:interactions|webhooks)\/[^/?#\s]+\/)[^/?#\s]+/g;

export function redactSecrets(text: string): string {
  return text
    .replace(SECRET_IN_URL, (_, before: string) => `${before}${REDACTED}`)
    .replace(new RegExp(BOT_TOKEN_SHAPE.source, "g"), REDACTED);
}

/** How deep `withoutSecrets` looks: errors nest a few raw objects, and a cycle must not loop forever. */
const MAX_DEPTH = 8;

/** A copy of a serialized value with secrets taken out of every string in it (errors nest raw objects). */
function withoutSecrets(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return redactSecrets(value);
  if (typeof value !== "object" || value === null) return value;
  if (depth >= MAX_DEPTH) return "[too deep to log]";
  // What JSON would write for it: a URL object its href, a Buffer its bytes.
  if ("toJSON" in value && typeof value.toJSON === "function")
    return withoutSecrets(value.toJSON(), depth + 1);
  if (Array.isArray(value)) return value.map((item) => withoutSecrets(item, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, withoutSecrets(item, depth + 1)]),
  );
}

/** pino's error serializer, without the tokens discord.js errors carry in `url` (and anywhere else). */
function serializeError(error: unknown): unknown {
  return withoutSecrets(error instanceof Error ? pino.stdSerializers.err(error) : error);
}

/** Everything but the destination: shared with tests, so what they read is what production writes. */
export function loggerOptions(level: LogLevel): LoggerOptions {
  return {
    level,
    base: null,
    redact: { paths: REDACT_PATHS, censor: REDACTED },
    serializers: { err: serializeError },
  };
}

function prettyAvailable(): boolean {
  try {
    import.meta.resolve("pino-pretty");
    return true;
  } catch {
    return false;
  }
}

/**
 * Logs go to stderr so stdout stays clean for answers and JSON lines: one JSON line per event, or
 * pino-pretty's readable lines when a developer watches a terminal (and it is installed).
 */
export function createLogger(level: LogLevel): Logger {
  const pretty = process.stderr.isTTY && process.env.NODE_ENV !== "production" && prettyAvailable();
  const destination: DestinationStream = pretty
    ? pino.transport({ target: "pino-pretty", options: { destination: 2, colorize: true } })
    : pino.destination({ fd: 2, sync: false });
  return pino(loggerOptions(level), destination);
}
