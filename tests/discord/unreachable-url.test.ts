import { describe, expect, it } from "vitest";
import { DiscordUnreachableError, reachDiscord } from "../../src/discord/unreachable.js";

describe("DiscordUnreachableError", () => {
  it("names DISCORD_API_URL without its password or a token-shaped query", async () => {
    const token = "MTA5ODc2NTQzMjEwOTg3NjU0.GaBcDe.abcdefghijklmnopqrstuvwxyz0123";
    const url = `https://bot:hunter2@proxy.example/api?token=${token}`;
    const error = await reachDiscord(url, 20, () => new Promise<never>(() => {})).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DiscordUnreachableError);
    const message = (error as Error).message;
    expect(message).toMatch(
      /^Could not reach Discord at https:\/\/proxy\.example\/api\?… after 0\.0 s \(no answer\)\./,
    );
    expect(message).not.toContain("hunter2");
    expect(message).not.toContain(token);
  });

  it("names it without a token-shaped part of its path (a REST proxy keyed by the path)", () => {
    const token = "MTA5ODc2NTQzMjEwOTg3NjU0.GaBcDe.abcdefghijklmnopqrstuvwxyz0123";
    const error = new DiscordUnreachableError(`https://proxy.example/${token}/api`, 1_000, "no answer");
    expect(error.message).not.toContain(token);
    expect(error.message).toMatch(
      /^Could not reach Discord at https:\/\/proxy\.example\/\[bot token hidden\]\/api after 1\.0 s/,
    );
  });

  it("names it without any of a password that holds a '/'", () => {
    const error = new DiscordUnreachableError("https://user:pa/ss@proxy.example/api", 1_000, "no answer");
    expect(error.message).not.toContain("user");
    expect(error.message).not.toContain("pa/");
    expect(error.message).toMatch(/^Could not reach Discord at https:\/\/proxy\.example\/api after 1\.0 s/);
  });

  it("escapes control characters in it", () => {
    const error = new DiscordUnreachableError("http://x\u001b[2J\u202e/api", 1_000, "no answer");
    expect(error.message).toMatch(
      /^Could not reach Discord at http:\/\/x\\u001b\[2J\\u202e\/api after 1\.0 s/,
    );
  });
});
