import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config.js";
import { runScript } from "./helpers/run-script.js";

// Shaped like the real ones (an interaction token is long base64url; a bot token has three dotted parts).
const INTERACTION_TOKEN = `aW50ZXJhY3Rpb246MTIzNDU2Nzg5MDEyMzQ1Njc4${"x".repeat(120)}`;
const WEBHOOK_TOKEN = "aW50ZXJhY3Rpb246OTg3NjU0MzIxMDk4NzY1NDMy-webhook_token";
const BOT_TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789AB";

describe("error log lines", () => {
  it("never carry the interaction or webhook token from a failed request's url", async () => {
    const interactionUrl = `https://discord.com/api/v10/interactions/123456789012345678/${INTERACTION_TOKEN}/callback?with_response=true`;
    const webhookUrl = `https://discord.com/api/v10/webhooks/223456789012345678/${WEBHOOK_TOKEN}/messages/@original`;
    const { code, stderr } = await runScript(
      "tests/fixtures/log-discord-errors.ts",
      [interactionUrl, webhookUrl],
      {
        env: { NODE_ENV: "production" },
      },
    );
    expect(code).toBe(0);
    expect(stderr).not.toContain(INTERACTION_TOKEN);
    expect(stderr).not.toContain(WEBHOOK_TOKEN);
    const [failed, apology] = stderr
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line));
    // What is left still says which request failed.
    expect(failed.err.url).toBe(
      "https://discord.com/api/v10/interactions/123456789012345678/[redacted]/callback?with_response=true",
    );
    expect(failed.err.message).toBe("Unknown interaction");
    expect(apology.err.url).toBe(
      "https://discord.com/api/v10/webhooks/223456789012345678/[redacted]/messages/@original",
    );
  });
});

describe("configuration errors", () => {
  // `npm run register` uses Discord's ids and token, so it checks them (the console does not).
  function problems(env: Record<string, string>): string[] {
    try {
      loadConfig(
        { DISCORD_TOKEN: "abc", DISCORD_APPLICATION_ID: "111111111111111111", ...env },
        { entry: "register" },
      );
    } catch (error) {
      if (error instanceof ConfigError) return [...error.problems];
      throw error;
    }
    return expect.unreachable("loadConfig accepted the environment");
  }

  it("never echo a bot token pasted into an id variable, and say what is wrong", () => {
    const found = problems({
      DISCORD_TOKEN: BOT_TOKEN,
      DISCORD_APPLICATION_ID: BOT_TOKEN,
      DISCORD_GUILD_ID: `${BOT_TOKEN}x`,
    });
    expect(found).toHaveLength(2);
    for (const problem of found) {
      expect(problem).not.toContain(BOT_TOKEN.slice(0, 20));
      expect(problem).toMatch(/looks like a bot token/);
    }
    expect(found[0]).toMatch(/^DISCORD_APPLICATION_ID must be the application id/);
  });

  it("never echo anything longer than a snowflake", () => {
    const long = "a".repeat(40);
    const found = problems({ DISCORD_GUILD_ID: long, LOG_LEVEL: long });
    expect(found).toHaveLength(2);
    for (const problem of found) expect(problem).not.toContain(long);
  });

  it("still show a short wrong value, which helps to fix it", () => {
    expect(problems({ DISCORD_APPLICATION_ID: "12" })[0]).toContain('(it is "12")');
  });
});
