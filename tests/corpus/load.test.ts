import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadCorpus } from "../../src/corpus/load.js";
import { CorpusError } from "../../src/corpus/parse.js";

const article = (title: string): string => `---\ntitle: ${title}\n---\nIsi ${title}.\n`;

async function corpusDir(files: Record<string, string> = {}): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "corpus-"));
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
  return dir;
}

/** Loads `dir`, failing fast instead of hanging the test run when a read blocks. */
async function load(dir: string): Promise<string[]> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("loadCorpus hung")), 3_000);
  });
  try {
    return (await Promise.race([loadCorpus(dir), hang])).map((a) => a.meta.title);
  } finally {
    clearTimeout(timer);
  }
}

async function expectCorpusError(dir: string, message: RegExp): Promise<void> {
  const error = await load(dir).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CorpusError);
  expect((error as Error).message).toMatch(message);
}

describe("loadCorpus reads only plain article files inside the folder", () => {
  it("refuses a link to a file outside the folder, rather than quoting it", async () => {
    const outside = await corpusDir({ "rahasia.md": article("Rahasia") });
    const dir = await corpusDir({ "a.md": article("A") });
    await symlink(join(outside, "rahasia.md"), join(dir, "luar.md"));
    await expectCorpusError(dir, /luar\.md: links outside the corpus folder/);
  });

  it("refuses a link to a device such as /dev/zero, without reading it", async () => {
    const dir = await corpusDir({ "a.md": article("A") });
    await symlink("/dev/zero", join(dir, "nol.md"));
    await expectCorpusError(dir, /nol\.md: links outside the corpus folder/);
  });

  it("follows a link to a file inside the folder", async () => {
    const dir = await corpusDir({ "a.md": article("A") });
    await mkdir(join(dir, "arsip"));
    await writeFile(join(dir, "arsip", "b.txt"), article("B"));
    await symlink(join(dir, "arsip", "b.txt"), join(dir, "b.md"));
    expect(await load(dir)).toEqual(["A", "B"]);
  });

  it("names a link to nothing", async () => {
    const dir = await corpusDir({ "a.md": article("A") });
    await symlink(join(dir, "gone.txt"), join(dir, "putus.md"));
    await expectCorpusError(dir, /putus\.md: is a link to a file that does not exist/);
  });

  it("refuses a FIFO named like an article instead of waiting on it forever", async () => {
    const dir = await corpusDir({ "a.md": article("A") });
    execFileSync("mkfifo", [join(dir, "pipa.md")]);
    await expectCorpusError(dir, /pipa\.md: is not a regular file but a FIFO \(named pipe\)/);
  });

  it("refuses a folder named like an article, naming it", async () => {
    const dir = await corpusDir({ "a.md": article("A") });
    await mkdir(join(dir, "folder.md"));
    await expectCorpusError(dir, /folder\.md: is not a regular file but a directory/);
  });

  it("skips hidden files (editors' lock and backup files, macOS's ._ files)", async () => {
    const dir = await corpusDir({
      "a.md": article("A"),
      ".hidden.md": article("Hidden"),
      "._a.md": "\u0000\u0005binary",
    });
    expect(await load(dir)).toEqual(["A"]);
  });

  it("refuses an upper-case extension, asking for .md", async () => {
    const dir = await corpusDir({ "a.md": article("A"), "c.MD": article("C") });
    await expectCorpusError(dir, /c\.MD: .*rename it to c\.md/);
  });

  it("loads from a corpus folder that is itself a link", async () => {
    const real = await corpusDir({ "a.md": article("A") });
    const link = join(await mkdtemp(join(tmpdir(), "corpus-link-")), "corpus");
    await symlink(real, link);
    expect(await load(link)).toEqual(["A"]);
  });
});

describe("corpus errors show names safely", () => {
  // Any of these would be raw in a terminal: an escape sequence (red text, clear screen) and a bidi override.
  const RAW_CONTROL = /[\p{Cc}\u202a-\u202e\u2066-\u2069]/u;

  it("escapes control characters in a corpus file's name", async () => {
    const dir = await corpusDir({ "a.md": article("A"), "x\u001b[31mmerah\u202eexe.md": "no front matter" });
    const error = await load(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CorpusError);
    const message = (error as Error).message;
    expect(message).not.toMatch(RAW_CONTROL);
    expect(message).toContain("/x\\u001b[31mmerah\\u202eexe.md: does not start with front matter");
    // The property keeps the real path, for code that opens it.
    expect((error as CorpusError).file).toBe(join(dir, "x\u001b[31mmerah\u202eexe.md"));
  });

  it("escapes control characters in CORPUS_DIR and caps how much of it is shown", async () => {
    const error = await load(`/nonexistent/\u001b[2J\u202e${"d".repeat(5_000)}`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CorpusError);
    const message = (error as Error).message;
    expect(message).not.toMatch(RAW_CONTROL);
    expect(message).toMatch(/^\/nonexistent\/\\u001b\[2J\\u202ed+…: corpus folder not found/);
    expect(message.length).toBeLessThan(400);
  });

  it("escapes what the problem quotes from the file (an unknown front matter field)", async () => {
    const dir = await corpusDir({ "a.md": '---\ntitle: A\n"x\\e[31m\\u202e": 1\n---\nIsi.' });
    const error = await load(dir).catch((e: unknown) => e);
    expect((error as Error).message).not.toMatch(RAW_CONTROL);
    expect((error as Error).message).toContain('unknown front matter field "x\\u001b[31m\\u202e"');
  });
});
