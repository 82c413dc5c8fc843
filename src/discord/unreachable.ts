import { urlForDisplay } from "../url.js";

/** Discord could not be reached at all: a network or proxy problem to explain in one line, not a crash. */
export class DiscordUnreachableError extends Error {
  override readonly name = "DiscordUnreachableError";
  constructor(
    readonly url: string,
    readonly waitedMs: number,
    readonly reason: string,
  ) {
    super(
      // DISCORD_API_URL as the user may have written it: a proxy's password or token stays out of the line.
      `Could not reach Discord at ${urlForDisplay(url)} after ${(waitedMs / 1000).toFixed(1)} s (${reason}). ` +
        "Check the network connection and any proxy, and DISCORD_API_URL if Discord is reached through a REST proxy.",
    );
  }
}

/** Error codes that mean the request never got an answer from Discord. */
const NETWORK_CODES = new Set([
  "ENOTFOUND",
  "EAI_AGAIN",
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EPIPE",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_SOCKET",
]);

/**
 * Why a request failed for want of a connection (`ENOTFOUND discord.com`, `no answer`), or undefined
 * for any other error. fetch (undici) wraps the system error in `cause`; a timeout is an AbortError.
 */
export function networkFailure(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth += 1) {
    const code = (e as Error & { code?: unknown }).code;
    if (typeof code === "string" && NETWORK_CODES.has(code)) {
      const host = (e as Error & { hostname?: unknown }).hostname;
      return typeof host === "string" ? `${code} ${host}` : code;
    }
    if (e.name === "AbortError" || e.name === "TimeoutError") return "no answer";
  }
  return undefined;
}

/**
 * Runs a first contact with Discord within `timeoutMs`: a network failure or no answer in time
 * becomes a DiscordUnreachableError naming the URL and the wait; `cleanUp` runs first.
 */
export async function reachDiscord<T>(
  url: string,
  timeoutMs: number,
  contact: () => Promise<T>,
  cleanUp: () => Promise<void> = async () => {},
): Promise<T> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DiscordUnreachableError(url, timeoutMs, "no answer")), timeoutMs);
  });
  try {
    return await Promise.race([contact(), deadline]);
  } catch (error) {
    if (error instanceof DiscordUnreachableError) {
      await cleanUp();
      throw error;
    }
    const reason = networkFailure(error);
    if (reason === undefined) throw error;
    await cleanUp();
    throw new DiscordUnreachableError(url, performance.now() - started, reason);
  } finally {
    clearTimeout(timer);
  }
}
