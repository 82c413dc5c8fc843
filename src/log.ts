import { type Logger, pino } from "pino";

export type { Logger };

/** Paths of values that must never be written out, wherever they turn up in a log line. */
const REDACT = [
  "token",
  "*.token",
  "*.*.token",
  "config.discordToken",
  "discordToken",
  "authorization",
  "*.authorization",
  "headers.authorization",
];

/** Logs go to stderr so stdout stays clean for answers and JSON lines. */
export function createLogger(level = process.env.LOG_LEVEL ?? "info"): Logger {
  return pino(
    { level, base: null, redact: { paths: REDACT, censor: "[redacted]" } },
    pino.destination({ fd: 2, sync: true }),
  );
}
