import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { APPLICATION_ID, FakeDiscord, InteractionFactory } from "../helpers/fake-discord.js";
import { killGroup } from "../helpers/process-group.js";
import { type BotProcess, spawnBot } from "../helpers/spawn-bot.js";

const TOKEN = "ENVEXAMPLE.fake-token_0123456789";
const ENV_EXAMPLE = fileURLToPath(new URL("../../.env.example", import.meta.url));

/** `cp .env.example .env`, then fill in only what a new user must (and the fake Discord's URL). */
function filledIn(example: string, apiUrl: string): string {
  const set = (text: string, name: string, value: string): string => {
    const line = new RegExp(`^${name}=$`, "m");
    expect(text).toMatch(line); // shipped empty
    return text.replace(line, `${name}=${value}`);
  };
  let env = set(example, "DISCORD_TOKEN", TOKEN);
  env = set(env, "DISCORD_APPLICATION_ID", APPLICATION_ID);
  return set(env, "DISCORD_API_URL", apiUrl);
}

describe("npm start with .env.example as shipped, plus a token and an application id", () => {
  const discord = new FakeDiscord(TOKEN);
  const make = new InteractionFactory(discord);
  let dir: string;
  let bot: BotProcess;

  beforeAll(async () => {
    await discord.start();
    dir = await mkdtemp(join(tmpdir(), "env-example-"));
    const example = await readFile(ENV_EXAMPLE, "utf8");
    expect(example).toMatch(/^SHARD_COUNT=$/m); // the empty line discord.js once read as 0 shards
    const envFile = join(dir, ".env");
    await writeFile(envFile, filledIn(example, discord.apiUrl));
    // dotenv reads this file instead of the repository's .env; LOG_LEVEL=info so "ready" is logged.
    bot = spawnBot("src/main.ts", { DOTENV_CONFIG_PATH: envFile });
  });

  afterAll(async () => {
    // The group: SIGKILL to tsx's wrapper alone left the bot it runs connected, orphaned.
    if (bot) await killGroup(bot.child);
    await discord.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("gets ready and answers /ask", async () => {
    const exitedEarly = bot.exited.then((code) => {
      throw new Error(`the bot exited with ${code} before it was ready:\n${bot.output()}`);
    });
    const ready = vi.waitFor(() => expect(bot.output()).toContain('"event":"ready"'), {
      timeout: 20_000,
      interval: 50,
    });
    await Promise.race([ready, exitedEarly]);

    const interaction = discord.deliver(
      make.command("ask", [{ name: "question", type: 3, value: "Kapan Double Eleven?" }]),
    );
    const reply = await discord.waitFor(() => discord.callbackFor(interaction.id as string), 10_000);
    expect((reply.body as { data: { embeds?: unknown[] } }).data.embeds).toHaveLength(1);
    expect(bot.output()).not.toContain("ClientInvalidOption");
    expect(bot.output()).not.toContain(TOKEN);
  }, 30_000);
});
