import { type DestinationStream, type Logger, pino } from "pino";

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
export function createLogger(level = process.env.LOG_LEVEL ?? "info"): Logger {
  const pretty = process.stderr.isTTY && process.env.NODE_ENV !== "production" && prettyAvailable();
  const destination: DestinationStream = pretty
    ? pino.transport({ target: "pino-pretty", options: { destination: 2, colorize: true } })
    : pino.destination({ fd: 2, sync: true });
  return pino({ level, base: null, redact: { paths: REDACT_PATHS, censor: "[redacted]" } }, destination);
}
