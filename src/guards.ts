/** Type guards for values read from outside: parsed JSON, gateway payloads, errors thrown by node. */

/** A plain object (not null, not an array): what a JSON payload's fields are read from. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The `code` of a node error (`ENOENT`, `ELOOP`...), or undefined for anything else thrown. */
export function errorCode(error: unknown): string | undefined {
  const code = error instanceof Error ? (error as NodeJS.ErrnoException).code : undefined;
  return typeof code === "string" ? code : undefined;
}
