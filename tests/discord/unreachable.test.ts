import { createServer, type Server } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DiscordUnreachableError, networkFailure, reachDiscord } from "../../src/discord/unreachable.js";
import { runScript } from "../helpers/run-script.js";

const TOKEN = "UNREACHABLE.token-for-tests_1234567890";

/** A server that hangs up on every connection at once: a Discord that refuses to talk. */
async function refusingServer(): Promise<Server> {
  const server = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server;
}

describe("networkFailure", () => {
  it("finds the system error fetch wraps, and a timeout", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
    expect(networkFailure(new TypeError("fetch failed", { cause: refused }))).toBe("ECONNREFUSED");
    const dns = Object.assign(new Error("getaddrinfo"), { code: "ENOTFOUND", hostname: "discord.com" });
    expect(networkFailure(dns)).toBe("ENOTFOUND discord.com");
    expect(networkFailure(Object.assign(new Error("aborted"), { name: "AbortError" }))).toBe("no answer");
    expect(networkFailure(new Error("401: Unauthorized"))).toBeUndefined();
  });
});

describe("reachDiscord", () => {
  it("gives up after the timeout, cleans up, and names the URL and the wait", async () => {
    let cleaned = false;
    const never = new Promise<never>(() => {});
    const error = await reachDiscord(
      "http://x/api",
      50,
      () => never,
      async () => {
        cleaned = true;
      },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DiscordUnreachableError);
    expect((error as Error).message).toMatch(
      /^Could not reach Discord at http:\/\/x\/api after 0\.1 s \(no answer\)\./,
    );
    expect(cleaned).toBe(true);
  });

  it("passes other errors through unchanged", async () => {
    const other = new Error("401: Unauthorized");
    await expect(reachDiscord("http://x/api", 1_000, () => Promise.reject(other))).rejects.toBe(other);
  });
});

describe("an unreachable Discord, from the command line", () => {
  let hanging: Server;
  let hangingUrl = "";

  beforeAll(async () => {
    // Accepts connections and never answers.
    hanging = createServer(() => {});
    await new Promise<void>((resolve) => hanging.listen(0, "127.0.0.1", resolve));
    hangingUrl = `http://127.0.0.1:${(hanging.address() as { port: number }).port}/api`;
  });
  afterAll(() => {
    hanging.close();
  });

  const discordEnv = (url: string) => ({
    DISCORD_TOKEN: TOKEN,
    DISCORD_APPLICATION_ID: "111111111111111111",
    DISCORD_API_URL: url,
    DISCORD_TIMEOUT_SECONDS: "1",
  });

  it("npm run register against a server that hangs up: one line, exit 1, no stack trace", async () => {
    const refusing = await refusingServer();
    const url = `http://127.0.0.1:${(refusing.address() as { port: number }).port}/api`;
    const { code, stdout, stderr } = await runScript("src/cli/register.ts", [], { env: discordEnv(url) });
    refusing.close();
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toMatch(
      new RegExp(
        `^Could not reach Discord at ${url} after [\\d.]+ s \\((?:ECONNRESET|UND_ERR_SOCKET|no answer)\\)\\. Check the network`,
      ),
    );
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).not.toContain(TOKEN);
  });

  it("npm start against an endpoint that never answers gives up after DISCORD_TIMEOUT_SECONDS", async () => {
    const { code, stderr } = await runScript("src/main.ts", [], { env: discordEnv(hangingUrl) });
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /Could not reach Discord at http:\/\/127\.0\.0\.1:\d+\/api after 1\.0 s \(no answer\)\./,
    );
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(stderr).not.toContain(TOKEN);
  });
});
