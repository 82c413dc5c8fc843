import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeDiscord } from "../helpers/fake-discord.js";
import { runScript } from "../helpers/run-script.js";

const TOKEN = "STARTUP.fake-token_0123456789";
const GOOD = "---\ntitle: Baik\n---\nIsi yang baik.\n";

const BROKEN: [string, Record<string, string | Uint8Array>, RegExp][] = [
  [
    "malformed front matter",
    { "a.md": GOOD, "rusak.md": '---\ntitle: "unclosed\n---\nIsi.' },
    /rusak\.md: bad front matter/,
  ],
  [
    "duplicate article slugs",
    { "Berita Satu.md": GOOD, "berita-satu.md": GOOD },
    /berita-satu\.md: has the same article slug "berita-satu" as .*Berita Satu\.md/,
  ],
  [
    "an empty article",
    { "a.md": GOOD, "kosong.md": "---\ntitle: Kosong\n---\n\n" },
    /kosong\.md: has no paragraphs/,
  ],
  [
    "a binary file",
    { "gambar.md": new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0xff, 0xfe, 0x00, 0x01]) },
    /gambar\.md: is not valid UTF-8/,
  ],
  [
    "a huge file",
    { "besar.md": `---\ntitle: Besar\n---\n${"kata ".repeat(600_000)}` },
    /besar\.md: is \d+ bytes; an article may be at most/,
  ],
];

describe("a broken corpus stops the bot at start, before it connects to Discord", () => {
  const discord = new FakeDiscord(TOKEN);
  beforeAll(async () => {
    await discord.start();
  });
  afterAll(async () => {
    await discord.stop();
  });

  it.each(BROKEN)("%s: a clear error naming the file", async (_, files, message) => {
    const dir = await mkdtemp(join(tmpdir(), "corpus-"));
    for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
    const { code, stderr } = await runScript("src/main.ts", [], {
      env: {
        DISCORD_TOKEN: TOKEN,
        DISCORD_APPLICATION_ID: "111111111111111111",
        DISCORD_API_URL: discord.apiUrl,
        CORPUS_DIR: dir,
      },
    });
    expect(code).toBe(1);
    expect(stderr).toMatch(/^Corpus error: /);
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(stderr).not.toContain(TOKEN);
    expect(discord.calls).toHaveLength(0); // never reached Discord
  });
});
