import { execFileSync } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  corpusLimits,
  loadCorpus,
  MAX_CORPUS_BYTES,
  MAX_CORPUS_FILES,
  MAX_CORPUS_PASSAGES,
} from "../../src/corpus/load.js";
import {
  CorpusError,
  MAX_FRONT_MATTER_CHARS,
  MAX_HEADING_CHARS,
  MAX_PASSAGES_PER_ARTICLE,
  MAX_SECTIONS_PER_ARTICLE,
  parseArticle,
} from "../../src/corpus/parse.js";
import { loadLibrary } from "../../src/library.js";

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const MIB = 1024 * 1024;
/**
 * A liveness guard, not a speed assertion: a linear parse of 2 MiB takes well under a second even on a
 * busy CI core, a quadratic one tens of minutes. Each test also checks what the parse returned.
 */
const LIVENESS_MS = 15_000;

/** The CorpusError parsing `text` as `corpus/bad.md` throws. */
function parseError(text: string): CorpusError {
  try {
    parseArticle("corpus/bad.md", bytes(text));
  } catch (error) {
    if (error instanceof CorpusError) return error;
    throw error;
  }
  throw new Error("parsed without an error");
}

async function corpusDir(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "corpus-limits-"));
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
  return dir;
}

const article = (body: string): string => `---\ntitle: A\n---\n${body}`;
/** `count` distinct `key: value` lines. */
const keys = (count: number): string => Array.from({ length: count }, (_, i) => `k${i}: v\n`).join("");

describe("parsing adversarial lines stays linear", () => {
  // Each of these took the old heading regex (`.+?` before `[ \t#]*$`) time quadratic in the run's length.
  it.each([
    ["a 2 MiB heading whose words are split by a long run of spaces", `# a${" ".repeat(2 * MIB)}b`],
    ["a 2 MiB heading with a long run of '#' inside it", `# a${"#".repeat(2 * MIB)}b`],
    ["a 2 MiB heading of ' #' pairs", `## a${" #".repeat(MIB)}b`],
    ["a 2 MiB numbered heading padded with tabs", `### 1.${"\t".repeat(2 * MIB)}x`],
  ])(
    "refuses %s, naming the file and the limit",
    (_, line) => {
      const error = parseError(article(`Lede.\n\n${line}\n\nIsi.\n`));
      expect(error.file).toBe("corpus/bad.md");
      expect(error.message).toMatch(
        new RegExp(
          `^corpus/bad\\.md: heading 1 is \\d+ characters; a heading may be at most ${MAX_HEADING_CHARS}`,
        ),
      );
    },
    LIVENESS_MS,
  );

  it(
    "reads a 2 MiB line of '#' as a paragraph (seven or more '#' is no heading) and refuses its length",
    () => {
      expect(parseError(article(`${"#".repeat(2 * MIB)}\n`)).message).toMatch(
        /^corpus\/bad\.md: paragraph 1 is 2097152 characters; a paragraph may be at most 20000/,
      );
    },
    LIVENESS_MS,
  );

  it(
    "skips 2 MiB of blank and whitespace-only lines",
    () => {
      const parsed = parseArticle("x.md", bytes(article(`${" \t \n".repeat(MIB / 2)}Isi.\n`)));
      expect(parsed.passages.map((p) => p.text)).toEqual(["Isi."]);
    },
    LIVENESS_MS,
  );

  it.each([
    // The YAML parser's time grows faster than the front matter: 500 KB of keys took it 17 s.
    ["2 MiB of `key: value` lines", `---\n${keys((2 * MIB) / 10)}title: A\n---\nIsi.`],
    ["a 2 MiB title of ': ' pairs", `---\ntitle: ${": ".repeat(MIB)}\n---\nIsi.`],
  ])(
    "refuses front matter of %s before parsing it as YAML",
    (_, text) => {
      expect(parseError(text).message).toMatch(
        new RegExp(
          `^corpus/bad\\.md: front matter is \\d+ characters; it may be at most ${MAX_FRONT_MATTER_CHARS}`,
        ),
      );
    },
    LIVENESS_MS,
  );

  it(
    "finds no front matter in 2 MiB of lines that only look like its end",
    () => {
      expect(parseError(`---\n${"--- x\n-- -\n---x\n".repeat(MIB / 16)}`).message).toMatch(
        /^corpus\/bad\.md: does not start with front matter/,
      );
    },
    LIVENESS_MS,
  );
});

describe("headings parse as before", () => {
  it.each([
    ["# Judul", "Judul"],
    ["## Judul ##", "Judul"],
    ["### a #  ## b ##", "a #  ## b"],
    ["#\tTab", "Tab"],
    ["# a#", "a"],
    ["# #", "#"],
    ["###### Enam", "Enam"],
    ["# Judul\u00a0dengan spasi keras", "Judul\u00a0dengan spasi keras"],
  ])("reads %j as the heading %j", (line, heading) => {
    const parsed = parseArticle("x.md", bytes(article(`${line}\n\nIsi.\n`)));
    expect(parsed.sections.map((s) => s.heading)).toEqual([heading]);
  });

  it.each([["####### Tujuh"], ["#Rapat"], ["#\u00a0Spasi keras"], ["#"], ["Teks # bukan judul"]])(
    "reads %j as text, not a heading",
    (line) => {
      const parsed = parseArticle("x.md", bytes(article(`${line}\n\nIsi.\n`)));
      expect(parsed.passages.map((p) => [p.section, p.text])).toEqual([
        [null, line],
        [null, "Isi."],
      ]);
    },
  );

  it.each([
    ["## 3. Alibaba ingin", 3, "Alibaba ingin"],
    ["## 12)\t Dua belas", 12, "Dua belas"],
    ["## 1234. Terlalu banyak angka", null, "1234. Terlalu banyak angka"],
    ["## 3.Tanpa spasi", null, "3.Tanpa spasi"],
    ["## 3.", null, "3."],
  ])("numbers %j as %j, titled %j", (line, number, title) => {
    const [section] = parseArticle("x.md", bytes(article(`${line}\n\nIsi.\n`))).sections;
    expect([section?.number, section?.title]).toEqual([number, title]);
  });
});

describe("passage caps", () => {
  const paragraphs = (count: number, tag = ""): string =>
    Array.from({ length: count }, (_, i) => `Paragraf ${tag}${i + 1}.`).join("\n\n");

  it("takes an article of exactly the per-article cap", () => {
    const parsed = parseArticle("x.md", bytes(article(paragraphs(MAX_PASSAGES_PER_ARTICLE))));
    expect(parsed.passages).toHaveLength(MAX_PASSAGES_PER_ARTICLE);
  });

  it("refuses an article with one paragraph more, naming the file and the limit", () => {
    const error = parseError(article(paragraphs(MAX_PASSAGES_PER_ARTICLE + 1)));
    expect(error.file).toBe("corpus/bad.md");
    expect(error.message).toBe(
      `corpus/bad.md: has more than ${MAX_PASSAGES_PER_ARTICLE} paragraphs; an article may have at most ${MAX_PASSAGES_PER_ARTICLE} (split it into several files)`,
    );
  });

  it("refuses an article with more headings than the cap, even without paragraphs under them", () => {
    const headings = Array.from({ length: MAX_SECTIONS_PER_ARTICLE + 1 }, (_, i) => `# ${i + 1}. H`);
    const error = parseError(article(`Isi.\n\n${headings.join("\n")}\n`));
    expect(error.message).toBe(
      `corpus/bad.md: has more than ${MAX_SECTIONS_PER_ARTICLE} headings; an article may have at most ${MAX_SECTIONS_PER_ARTICLE} (split it into several files)`,
    );
  });

  it("refuses a corpus whose articles together pass the corpus cap, naming the file that passes it", async () => {
    const perFile = MAX_PASSAGES_PER_ARTICLE;
    const files = Math.floor(MAX_CORPUS_PASSAGES / perFile) + 1;
    const names = Array.from({ length: files }, (_, i) => `a${String(i).padStart(4, "0")}.md`);
    const dir = await corpusDir(
      Object.fromEntries(names.map((name, i) => [name, article(paragraphs(perFile, `${i}-`))])),
    );
    const error = await loadCorpus(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CorpusError);
    const last = names[names.length - 1] as string;
    expect((error as CorpusError).file).toBe(join(dir, last));
    expect((error as Error).message).toBe(
      `${join(dir, last)}: brings the corpus to ${files * perFile} paragraphs; a corpus may hold at most ${MAX_CORPUS_PASSAGES} (keep fewer or shorter articles)`,
    );
  });

  it("is reported by loadLibrary (npm run ask, npm start) as the corpus error it is", async () => {
    const dir = await corpusDir({
      "baik.md": article("Isi."),
      "panjang.md": article(paragraphs(MAX_PASSAGES_PER_ARTICLE + 1)),
    });
    const error = await loadLibrary(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CorpusError);
    expect((error as Error).message).toMatch(/panjang\.md: has more than \d+ paragraphs/);
  });
});

describe("corpus size caps, checked before the contents are read", () => {
  /** `count` articles of `size` bytes each, named a000.md, a001.md...; returns the folder and the names. */
  async function sizedCorpus(count: number, size: number): Promise<{ dir: string; names: string[] }> {
    const names = Array.from({ length: count }, (_, i) => `a${String(i).padStart(3, "0")}.md`);
    const files: Record<string, string> = {};
    for (const [i, name] of names.entries()) {
      const head = article(`Paragraf ${i}. `);
      files[name] = head + "x".repeat(size - head.length);
    }
    return { dir: await corpusDir(files), names };
  }

  it("refuses the file that brings the corpus past the byte cap, naming it and the limit", async () => {
    const { dir, names } = await sizedCorpus(40, 100);
    // Not UTF-8 and never parsed: the cap is checked from the file's size before it is read.
    await writeFile(join(dir, names[25] as string), new Uint8Array(100).fill(0xff));
    const error = await loadCorpus(dir, { maxBytes: 2_550 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CorpusError);
    expect((error as CorpusError).file).toBe(join(dir, names[25] as string));
    expect((error as Error).message).toBe(
      `${join(dir, names[25] as string)}: brings the corpus to 2600 bytes; a corpus may hold at most 2550 bytes (keep fewer or shorter articles)`,
    );
  });

  it("keeps a cap's default when it is given as undefined, instead of lifting it", () => {
    expect(corpusLimits({ maxBytes: undefined, maxFiles: undefined, maxPassages: 7 })).toEqual({
      maxBytes: MAX_CORPUS_BYTES,
      maxFiles: MAX_CORPUS_FILES,
      maxPassages: 7,
    });
  });

  it("loads a corpus of exactly the byte cap", async () => {
    const { dir } = await sizedCorpus(40, 100);
    expect(await loadCorpus(dir, { maxBytes: 4_000 })).toHaveLength(40);
  });

  it("refuses a folder with more articles than the file cap before opening any of them", async () => {
    const { dir } = await sizedCorpus(5, 100);
    // A FIFO would be refused by name once opened; the count is refused first.
    execFileSync("mkfifo", [join(dir, "a000-pipa.md")]);
    const error = await loadCorpus(dir, { maxFiles: 5 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CorpusError);
    expect((error as CorpusError).file).toBe(dir);
    expect((error as Error).message).toBe(
      `${dir}: has 6 .md articles; a corpus may hold at most 5 (keep fewer articles)`,
    );
  });

  it("keeps the real caps generous (the 10,000-article benchmark corpus is 87,245 paragraphs, 34.8 MB)", () => {
    expect(MAX_CORPUS_BYTES).toBeGreaterThanOrEqual(3 * 34_819_255);
    // Every article gives at least one paragraph, so no corpus the paragraph cap allows is refused by count.
    expect(MAX_CORPUS_FILES).toBeGreaterThanOrEqual(MAX_CORPUS_PASSAGES);
  });
});
