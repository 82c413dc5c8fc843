import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** The transport-neutral layers: they take and give plain payloads, so the gateway is swappable. */
const NEUTRAL_DIRS = ["src/interactions", "src/commands", "src/http"];

/** `from "discord.js"`, `import "discord.js"`, `import("discord.js")`, `require("discord.js")`, subpaths too. */
const DISCORD_JS = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)["'`]discord\.js(?:\/[^"'`]*)?["'`]/;

function tsFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".ts"))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)))
    .sort();
}

describe("the interaction core stays transport-neutral", () => {
  const files = NEUTRAL_DIRS.flatMap(tsFiles);

  it("finds the files it checks", () => {
    for (const dir of NEUTRAL_DIRS)
      expect(
        files.some((f) => f.startsWith(`${dir}/`)),
        dir,
      ).toBe(true);
    expect(files).toContain("src/interactions/core.ts");
  });

  it("recognises every way of importing discord.js, and nothing else", () => {
    for (const line of [
      'import { Client } from "discord.js";',
      "import type { Interaction } from 'discord.js';",
      'import {\n  Client,\n} from "discord.js";',
      'import "discord.js";',
      'const djs = await import("discord.js");',
      'type I = import("discord.js").Interaction;',
      'const { Client } = require("discord.js");',
      'export { Client } from "discord.js";',
      'export * from "discord.js/typings";',
    ])
      expect(line, line).toMatch(DISCORD_JS);
    for (const line of [
      'import { escapeMarkdown } from "@discordjs/formatters";',
      'import type { APIInteraction } from "discord-api-types/v10";',
      "// discord.js is used by src/discord/bot.ts only",
      'const name = "discord.js-like";',
    ])
      expect(line, line).not.toMatch(DISCORD_JS);
  });

  it(`has no file under ${NEUTRAL_DIRS.join(", ")} importing discord.js`, () => {
    const offenders = files.filter((file) => DISCORD_JS.test(readFileSync(join(ROOT, file), "utf8")));
    expect(offenders, `these files import discord.js: ${offenders.join(", ")}`).toEqual([]);
  });
});
