import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config.js";

describe("loadConfig", () => {
  it("runs without Discord settings, with defaults", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      discordToken: undefined,
      discordApiUrl: "https://discord.com/api",
      logLevel: "info",
      cooldown: { limit: 5, windowMs: 30_000 },
    });
    expect(config.corpusDir).toMatch(/corpus$/);
  });

  it("reads every variable", () => {
    const config = loadConfig({
      DISCORD_TOKEN: "abc.def-ghi",
      DISCORD_APPLICATION_ID: "123456789012345678",
      DISCORD_GUILD_ID: "223456789012345678",
      DISCORD_API_URL: "http://127.0.0.1:9/api/",
      LOG_LEVEL: "DEBUG",
      CORPUS_DIR: "/tmp/c",
      COOLDOWN_QUESTIONS: "2",
      COOLDOWN_SECONDS: "10",
    });
    expect(config).toMatchObject({
      guildId: "223456789012345678",
      discordApiUrl: "http://127.0.0.1:9/api",
      logLevel: "debug",
      corpusDir: "/tmp/c",
      cooldown: { limit: 2, windowMs: 10_000 },
    });
  });

  it("says what to set when the token comes without an application id", () => {
    expect(() => loadConfig({ DISCORD_TOKEN: "abc" })).toThrow(
      /DISCORD_APPLICATION_ID is not set: copy the application id/,
    );
  });

  it("requires Discord settings for commands that need them", () => {
    expect(() => loadConfig({}, { requireDiscord: true })).toThrow(/DISCORD_TOKEN is not set/);
  });

  it("lists every problem at once, never echoing the token", () => {
    try {
      loadConfig({
        DISCORD_TOKEN: "secret token with spaces",
        DISCORD_APPLICATION_ID: "12",
        LOG_LEVEL: "loud",
        COOLDOWN_SECONDS: "-1",
        DISCORD_API_URL: "discord",
      });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems;
      expect(problems).toHaveLength(5);
      expect(problems.join("\n")).not.toContain("secret");
    }
  });
});
