import { pino } from "pino";
import type { Logger } from "../../src/log.js";
import { loggerOptions } from "../../src/log.js";

/** A real pino logger, with the project's options (redaction, serializers), whose lines the test can read. */
export function captureLogger(): { log: Logger; lines: string[]; entries: () => Record<string, unknown>[] } {
  const lines: string[] = [];
  const log = pino(loggerOptions("debug"), { write: (line: string) => void lines.push(line) });
  return { log, lines, entries: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}
