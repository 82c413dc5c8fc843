import {
  ApplicationCommandType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from "discord-api-types/v10";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commandDefinitions } from "../../src/interactions/definitions.js";
import { DISCORD_LIMITS } from "../../src/interactions/limits.js";
import { FakeDiscord } from "../helpers/fake-discord.js";
import { runScript } from "../helpers/run-script.js";

const TOKEN = "register.TOKEN-for-tests";
const APP = "111111111111111111";

describe("command definitions", () => {
  const all = commandDefinitions(5);
  const commands = all.filter(
    (c) => c.type !== ApplicationCommandType.Message,
  ) as RESTPostAPIChatInputApplicationCommandsJSONBody[];

  it("are valid for Discord, with Indonesian localizations", () => {
    expect(all.map((c) => [c.name, c.name_localizations?.id])).toEqual([
      ["ask", "tanya"],
      ["promises", "janji"],
      ["about", "tentang"],
      ["help", "bantuan"],
      ["Ask the article", "Tanya artikel"],
    ]);
    const names = commands.flatMap((c) => [
      c.name,
      ...(c.options ?? []).map((o) => o.name),
      ...Object.values(c.name_localizations ?? {}),
    ]);
    for (const name of names) expect(name).toMatch(/^[-_\p{Ll}\p{N}]{1,32}$/u);
    for (const c of commands) {
      expect(c.description.length).toBeLessThanOrEqual(DISCORD_LIMITS.commandDescription);
      expect(c.description_localizations?.id?.length).toBeLessThanOrEqual(DISCORD_LIMITS.commandDescription);
      for (const o of c.options ?? []) {
        expect(o.description.length).toBeLessThanOrEqual(DISCORD_LIMITS.commandDescription);
        expect(o.name_localizations?.id).toBeTruthy();
      }
    }
  });

  it('include the message command "Ask the article", with no description or options (Discord refuses them)', () => {
    const message = all.find((c) => c.type === ApplicationCommandType.Message);
    expect(message).toEqual({
      type: 3,
      name: "Ask the article",
      name_localizations: { id: "Tanya artikel" },
      contexts: [0, 1],
      integration_types: [0],
    });
    // Message command names may have spaces and capitals, at most 32 characters.
    for (const name of [message?.name, message?.name_localizations?.id])
      expect(name?.length).toBeLessThanOrEqual(32);
  });

  it("limit the question to 300 characters and the promise number to the corpus", () => {
    const question = commands[0]?.options?.[0];
    expect(question).toMatchObject({ name: "question", max_length: 300, autocomplete: true, required: true });
    expect(commands[1]?.options?.[0]).toMatchObject({ name: "number", type: 4, min_value: 1, max_value: 5 });
  });
});

describe("npm run register", () => {
  const discord = new FakeDiscord(TOKEN);
  beforeAll(async () => {
    await discord.start();
  });
  afterAll(async () => {
    await discord.stop();
  });

  const env = (extra: Record<string, string> = {}) => ({
    DISCORD_TOKEN: TOKEN,
    DISCORD_APPLICATION_ID: APP,
    DISCORD_API_URL: discord.apiUrl,
    ...extra,
  });

  it("bulk-overwrites the guild's commands and prints them; running it twice is the same", async () => {
    for (let i = 0; i < 2; i += 1) {
      const { code, stdout } = await runScript("src/cli/register.ts", [], {
        env: env({ DISCORD_GUILD_ID: "222222222222222222" }),
      });
      expect(code).toBe(0);
      expect(stdout).toContain("  Ask the article (Tanya artikel)  on any message: Apps >");
      expect(stdout).toMatch(
        /^Registered 5 commands for server 222222222222222222 \(active now\):\n {2}\/ask \(\/tanya\)/,
      );
    }
    const puts = discord.calls.filter((c) => c.method === "PUT");
    expect(puts.map((c) => c.path)).toEqual([
      `/api/v10/applications/${APP}/guilds/222222222222222222/commands`,
      `/api/v10/applications/${APP}/guilds/222222222222222222/commands`,
    ]);
    expect(puts[0]?.body).toEqual(puts[1]?.body);
    expect(puts[0]?.authorization).toBe(`Bot ${TOKEN}`);
  });

  it("registers globally without a guild id", async () => {
    const { stdout } = await runScript("src/cli/register.ts", [], { env: env() });
    expect(stdout).toMatch(/for all servers \(global/);
    expect(discord.calls.at(-1)?.path).toBe(`/api/v10/applications/${APP}/commands`);
  });

  it("says what to set when settings are missing or the token is wrong", async () => {
    const missing = await runScript("src/cli/register.ts", [], {
      env: { DISCORD_TOKEN: "", DISCORD_APPLICATION_ID: "" },
    });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/DISCORD_TOKEN is not set[\s\S]*DISCORD_APPLICATION_ID is not set/);
    const wrong = await runScript("src/cli/register.ts", [], { env: env({ DISCORD_TOKEN: "wrong" }) });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/Discord rejected DISCORD_TOKEN/);
    expect(wrong.stderr).not.toMatch(/\n\s+at /);
  });
});
