import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "dotenv";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ConfigError, DISCORDJS_ENV, loadConfig, unsetEmptyDiscordjsEnv } from "../src/config.js";
import { shardPlan } from "../src/discord/bot.js";

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

  it("keeps ratings in data/feedback.jsonl unless FEEDBACK_FILE says where, for every entry point", () => {
    expect(loadConfig({}).feedbackFile).toBe(
      resolve(fileURLToPath(new URL("../data/feedback.jsonl", import.meta.url))),
    );
    expect(loadConfig({ FEEDBACK_FILE: " " }, { entry: "local" }).feedbackFile).toMatch(
      /[\\/]data[\\/]feedback\.jsonl$/,
    );
    expect(loadConfig({ FEEDBACK_FILE: "/srv/bot/votes.jsonl" }, { entry: "local" }).feedbackFile).toBe(
      resolve("/srv/bot/votes.jsonl"),
    );
    // Relative: from the current folder, made absolute so the bot and npm run feedback agree.
    expect(
      loadConfig({ FEEDBACK_FILE: "votes/x.jsonl", DISCORD_PUBLIC_KEY: "a".repeat(64) }, { entry: "http" })
        .feedbackFile,
    ).toBe(join(process.cwd(), "votes", "x.jsonl"));
  });

  it("says what to set when the token comes without an application id", () => {
    expect(() => loadConfig({ DISCORD_TOKEN: "abc" })).toThrow(
      /DISCORD_APPLICATION_ID is not set: copy the application id/,
    );
  });

  it("requires Discord settings for commands that need them", () => {
    expect(() => loadConfig({}, { entry: "register" })).toThrow(/DISCORD_TOKEN is not set/);
    expect(() => loadConfig({}, { entry: "sharded" })).toThrow(/DISCORD_TOKEN is not set/);
  });

  it("checks only the settings each entry point uses", () => {
    const typos = { COOLDOWN_SECONDS: "-1", SHARD_COUNT: "0", DISCORD_GUILD_ID: "abc" };
    // The console (no token), ask and eval never use them: a typo there must not stop them.
    expect(loadConfig(typos).cooldown.windowMs).toBe(30_000);
    expect(loadConfig(typos, { entry: "local" }).logLevel).toBe("warn");
    // register uses the ids but not the cooldown or the shards.
    const discord = { DISCORD_TOKEN: "abc", DISCORD_APPLICATION_ID: "111111111111111111" };
    expect(() => loadConfig({ ...discord, ...typos }, { entry: "register" })).toThrow(
      /^Configuration problem:\n {2}- DISCORD_GUILD_ID must be the server id[^\n]*$/,
    );
    // The bot uses them all.
    expect(() => loadConfig({ ...discord, ...typos })).toThrow(
      /COOLDOWN_SECONDS[\s\S]*SHARD_COUNT[\s\S]*DISCORD_GUILD_ID|DISCORD_GUILD_ID[\s\S]*COOLDOWN_SECONDS/,
    );
    expect(() =>
      loadConfig({ ...discord, ...typos, DISCORD_GUILD_ID: "" }, { entry: "register" }),
    ).not.toThrow();
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

describe("unsetEmptyDiscordjsEnv", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("unsets the empty variables discord.js reads that .env.example ships, and nothing else", () => {
    const env: Record<string, string | undefined> = {
      ...parse(readFileSync(new URL("../.env.example", import.meta.url), "utf8")),
      DISCORD_TOKEN: "abc.def-ghi",
      DISCORD_APPLICATION_ID: "123456789012345678",
      SHARDS: " ",
    };
    expect(env.SHARD_COUNT).toBe(""); // as shipped
    unsetEmptyDiscordjsEnv(env);
    for (const name of DISCORDJS_ENV) expect(env[name]?.trim()).not.toBe("");
    expect(env).not.toHaveProperty("SHARD_COUNT");
    expect(env).not.toHaveProperty("SHARDS");
    expect(env).toMatchObject({ DISCORD_TOKEN: "abc.def-ghi", LOG_LEVEL: "", CORPUS_DIR: "" });
    expect(loadConfig(env)).toMatchObject({ shardCount: 1 });
  });

  it("keeps values that are set", () => {
    const env = { SHARD_COUNT: "2", SHARDS: "[1]" };
    unsetEmptyDiscordjsEnv(env);
    expect(env).toEqual({ SHARD_COUNT: "2", SHARDS: "[1]" });
  });

  it("runs one shard of one unless discord.js's ShardingManager says otherwise", () => {
    expect(shardPlan({ SHARD_COUNT: "" })).toEqual({ shardIds: [0], shardCount: 1, managed: false });
    expect(shardPlan({ SHARDING_MANAGER: "true", SHARDS: "1", SHARD_COUNT: "2" })).toEqual({
      shardIds: [1],
      shardCount: 2,
      managed: true,
    });
    expect(shardPlan({ SHARDING_MANAGER: "true", SHARDS: "[2,3]", SHARD_COUNT: "4" })).toMatchObject({
      shardIds: [2, 3],
      shardCount: 4,
    });
  });
});

describe("configuration bounds", () => {
  // `npm run start:sharded` uses every number setting but PORT, so their ranges are checked there.
  const discord = { DISCORD_TOKEN: "abc", DISCORD_APPLICATION_ID: "111111111111111111" };
  function problemsOf(env: Record<string, string>): string[] {
    try {
      loadConfig({ ...discord, ...env }, { entry: "sharded" });
    } catch (error) {
      if (error instanceof ConfigError) return [...error.problems];
      throw error;
    }
    return [];
  }

  it.each([
    ["COOLDOWN_SECONDS", "1e300", "from 1 to 3600 seconds"],
    ["COOLDOWN_SECONDS", "3601", "from 1 to 3600 seconds"],
    ["COOLDOWN_QUESTIONS", "10001", "from 1 to 10000 questions"],
    ["SHARD_COUNT", "1000000", "from 1 to 64 shards"],
    ["SHARD_SPAWN_DELAY_MS", "1e20", "from 0 to 60000 milliseconds"],
    ["SHARD_SPAWN_DELAY_MS", "60001", "from 0 to 60000 milliseconds"],
    ["SHARD_SPAWN_DELAY_MS", "-1", "from 0 to 60000 milliseconds"],
    ["COOLDOWN_SECONDS", "0x10", "from 1 to 3600 seconds"],
  ])("refuses %s=%s with one line naming the variable, the range and the value", (name, value, range) => {
    expect(problemsOf({ [name]: value })).toEqual([
      `${name} must be a whole number ${range} (it is "${value}")`,
    ]);
  });

  it("accepts the ends of every range", () => {
    expect(
      loadConfig(
        {
          ...discord,
          COOLDOWN_SECONDS: "3600",
          COOLDOWN_QUESTIONS: "10000",
          SHARD_COUNT: "64",
          SHARD_SPAWN_DELAY_MS: "60000",
        },
        { entry: "sharded" },
      ),
    ).toMatchObject({
      cooldown: { limit: 10_000, windowMs: 3_600_000 },
      shardCount: 64,
      shardSpawnDelayMs: 60_000,
    });
    expect(
      loadConfig(
        {
          ...discord,
          COOLDOWN_SECONDS: "1",
          COOLDOWN_QUESTIONS: "1",
          SHARD_COUNT: "1",
          SHARD_SPAWN_DELAY_MS: "0",
        },
        { entry: "sharded" },
      ),
    ).toMatchObject({ cooldown: { limit: 1, windowMs: 1_000 }, shardCount: 1, shardSpawnDelayMs: 0 });
  });
});

describe("the HTTP endpoint's configuration (npm run start:http)", () => {
  const KEY = "a".repeat(64);
  const problemsOf = (env: Record<string, string>): readonly string[] => {
    try {
      loadConfig(env, { entry: "http" });
    } catch (error) {
      if (error instanceof ConfigError) return error.problems;
      throw error;
    }
    return [];
  };

  it("needs only the public key: no token, no application id; PORT defaults to 8080", () => {
    expect(loadConfig({ DISCORD_PUBLIC_KEY: KEY }, { entry: "http" })).toMatchObject({
      publicKey: KEY,
      port: 8080,
      discordToken: undefined,
    });
  });

  it("says where to find a missing public key", () => {
    expect(problemsOf({})).toEqual([
      "DISCORD_PUBLIC_KEY is not set: copy the public key from the Developer Portal (General Information) into .env",
    ]);
  });

  it.each([
    ["abc", 'it is "abc"'],
    ["g".repeat(64), `it is "${"g".repeat(64)}"`],
    ["a".repeat(65), "it is 65 characters long; the value is not shown"],
  ])("refuses the public key %s, naming the expected shape", (key, shown) => {
    expect(problemsOf({ DISCORD_PUBLIC_KEY: key })).toEqual([
      `DISCORD_PUBLIC_KEY must be the application's public key: 64 hexadecimal digits (${shown})`,
    ]);
  });

  it("checks PORT and the cooldown, and takes PORT=0 (a free port)", () => {
    expect(problemsOf({ DISCORD_PUBLIC_KEY: KEY, PORT: "65536", COOLDOWN_SECONDS: "0" })).toEqual([
      'COOLDOWN_SECONDS must be a whole number from 1 to 3600 seconds (it is "0")',
      'PORT must be a whole number from 0 to 65535 (a TCP port) (it is "65536")',
    ]);
    expect(loadConfig({ DISCORD_PUBLIC_KEY: KEY, PORT: "0" }, { entry: "http" }).port).toBe(0);
  });

  it("is not checked by the other entry points", () => {
    expect(() => loadConfig({ PORT: "http", DISCORD_PUBLIC_KEY: "x" })).not.toThrow();
  });
});

describe("values echoed in configuration errors", () => {
  const discord = { DISCORD_TOKEN: "abc", DISCORD_APPLICATION_ID: "111111111111111111" };
  const problemsOf = (env: Record<string, string>): readonly string[] => {
    try {
      loadConfig({ ...discord, ...env }, { entry: "register" });
    } catch (error) {
      if (error instanceof ConfigError) return error.problems;
      throw error;
    }
    return [];
  };

  it("show DISCORD_API_URL without its user name, password, query or fragment", () => {
    const problems = problemsOf({
      DISCORD_API_URL: "htps://admin:s3cret@proxy.example/api?access_token=abcdef123456#x",
    });
    expect(problems).toEqual([
      'DISCORD_API_URL must be an http(s) URL such as https://discord.com/api (it is "htps://proxy.example/api?…")',
    ]);
  });

  it("show a DISCORD_API_URL with a token-shaped query without the token", () => {
    const token = "MTA5ODc2NTQzMjEwOTg3NjU0.GaBcDe.abcdefghijklmnopqrstuvwxyz0123";
    const [problem] = problemsOf({ DISCORD_API_URL: `https//user:pw@proxy.example/api?t=${token}` });
    expect(problem).toBe(
      'DISCORD_API_URL must be an http(s) URL such as https://discord.com/api (it is "https//proxy.example/api?…")',
    );
  });

  it("show a DISCORD_API_URL with a token-shaped part of its path, the token hidden in it", () => {
    const token = "MTA5ODc2NTQzMjEwOTg3NjU0.GaBcDe.abcdefghijklmnopqrstuvwxyz0123";
    const [problem] = problemsOf({ DISCORD_API_URL: `htps://proxy.example/${token}/api` });
    expect(problem).toBe(
      'DISCORD_API_URL must be an http(s) URL such as https://discord.com/api (it is "htps://proxy.example/[bot token hidden]/api")',
    );
  });

  it("show a DISCORD_API_URL without any of a password that holds a '/'", () => {
    const [problem] = problemsOf({ DISCORD_API_URL: "https//user:pa/ss@proxy.example/api" });
    expect(problem).toBe(
      'DISCORD_API_URL must be an http(s) URL such as https://discord.com/api (it is "https//proxy.example/api")',
    );
  });

  it("escape control characters and bidi overrides, so a value cannot rewrite the terminal", () => {
    const problems = problemsOf({
      DISCORD_GUILD_ID: "\u001b[31m1\u202e",
      DISCORD_API_URL: "\u001b]0;x\u0007",
      LOG_LEVEL: "\u009b2J",
    });
    for (const problem of problems) expect(problem).not.toMatch(/[\p{Cc}\u202a-\u202e\u2066-\u2069]/u);
    expect(problems).toEqual([
      'DISCORD_GUILD_ID must be the server id (right-click the server > Copy Server ID): a number of 17 to 20 digits (it is "\\u001b[31m1\\u202e")',
      'DISCORD_API_URL must be an http(s) URL such as https://discord.com/api (it is "\\u001b]0;x\\u0007")',
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (it is "\\u009b2j")',
    ]);
  });

  it("cap what they show of a long value", () => {
    const [problem] = problemsOf({ DISCORD_API_URL: `ftp://proxy.example/${"a".repeat(100_000)}` });
    expect(problem?.length).toBeLessThan(400);
    expect(problem).toMatch(
      /^DISCORD_API_URL must be an http\(s\) URL .*\(it is "ftp:\/\/proxy\.example\/a+…"\)$/,
    );
  });

  it("look for a pasted bot token in linear time, even in a 128 KiB value", () => {
    // The old token pattern backtracked over every start in a long run of word characters: 2.3 s at 40 KB.
    const [problem] = problemsOf({ LOG_LEVEL: "a".repeat(128 * 1024) });
    expect(problem).toBe(
      "LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (it is 131072 characters long; the value is not shown)",
    );
  }, 10_000);
});
