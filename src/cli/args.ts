/** A command-line mistake: printed as a one-line message with the usage, never as a stack trace. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

export function parsePositiveInt(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`${name} must be a whole number of at least 1, not "${value}"`);
  return n;
}
