import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs/promises";
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, truncate, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { loadCorpus } from "../../src/corpus/load.js";
import { parseArticle } from "../../src/corpus/parse.js";
import { DEFAULT_CORPUS_DIR } from "../../src/paths.js";
import { KnowledgeBase } from "../../src/search/knowledge-base.js";
import { loadOrBuildIndex } from "../../src/search/snapshot.js";

// Reads pass through; the spy tells which files were read whole. `stat` passes through too, unless
// a test makes it describe another file than the one read next (a file swapped in between).
vi.mock("node:fs/promises", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:fs/promises")>();
  return { ...actual, readFile: vi.fn(actual.readFile), stat: vi.fn(actual.stat) };
});

const articles = await loadCorpus(DEFAULT_CORPUS_DIR);
const QUESTIONS = [
  "Berapa pemimpin teknologi yang ingin dicetak Jack Ma?",
  "When is Double Eleven?",
  "Resep nasi goreng?",
];
const answersOf = (kb: Awaited<ReturnType<typeof loadOrBuildIndex>>["kb"]) =>
  QUESTIONS.map((q) => kb.ask(q, 5)).map((a) => ({
    tier: a.tier,
    confidence: a.confidence,
    ids: a.results.map((h) => h.passage.id),
    scores: a.results.map((h) => h.score),
  }));

describe("index snapshots", () => {
  it("are written on the first start and loaded on the next, answering the same", async () => {
    const dir = await mkdtemp(join(tmpdir(), "index-"));
    const built = await loadOrBuildIndex(dir, articles);
    const loaded = await loadOrBuildIndex(dir, articles);
    expect(built.loaded).toBe(false);
    expect(loaded.loaded).toBe(true);
    expect(loaded.file).toBe(built.file);
    expect(answersOf(loaded.kb)).toEqual(answersOf(built.kb));
  });

  it("hold terms, not the passages' text", async () => {
    const dir = await mkdtemp(join(tmpdir(), "index-"));
    const { file } = await loadOrBuildIndex(dir, articles);
    const json = await readFile(file, "utf8");
    expect(json).not.toContain("menargetkan setiap tahun dapat mencetak");
  });

  it("are rebuilt when the corpus or the options change", async () => {
    const dir = await mkdtemp(join(tmpdir(), "index-"));
    const first = await loadOrBuildIndex(dir, articles);
    const extra = parseArticle("lain.md", new TextEncoder().encode("---\ntitle: Lain\n---\nSatu paragraf."));
    const moreArticles = await loadOrBuildIndex(dir, [...articles, extra]);
    const otherOptions = await loadOrBuildIndex(dir, articles, { analyzer: { stopwords: false } });
    expect(moreArticles.loaded).toBe(false);
    expect(otherOptions.loaded).toBe(false);
    expect(new Set([first.file, moreArticles.file, otherOptions.file]).size).toBe(3);
  });

  it("are rebuilt, not trusted, when the file is damaged", async () => {
    const dir = await mkdtemp(join(tmpdir(), "index-"));
    const { file } = await loadOrBuildIndex(dir, articles);
    await writeFile(file, '{"index": {"documentCount": 1}, "documentFrequency": []}');
    const again = await loadOrBuildIndex(dir, articles);
    expect(again.loaded).toBe(false);
    expect(answersOf(again.kb)[0]?.tier).not.toBe("none");
    expect((await loadOrBuildIndex(dir, articles)).loaded).toBe(true);
  });

  it("are not trusted when edited to point terms at the wrong paragraph", async () => {
    const dir = await mkdtemp(join(tmpdir(), "index-"));
    const built = await loadOrBuildIndex(dir, articles);
    const json = await readFile(built.file, "utf8");
    // Still valid JSON with the same passages, but every term of paragraph 1 now finds paragraph 2.
    const swapped = json
      .replaceAll('"jack-ma-5-janji:1"', '"SWAP"')
      .replaceAll('"jack-ma-5-janji:2"', '"jack-ma-5-janji:1"')
      .replaceAll('"SWAP"', '"jack-ma-5-janji:2"');
    expect(swapped).not.toBe(json);
    await writeFile(built.file, swapped);
    const again = await loadOrBuildIndex(dir, articles);
    expect(again.loaded).toBe(false);
    expect(again.warning).toMatch(/index snapshot .*index-[0-9a-f]+\.json .*checksum/);
    expect(answersOf(again.kb)).toEqual(answersOf(built.kb));
  });

  it("are not trusted when they name a passage the corpus does not have, even with a matching checksum", async () => {
    const dir = await mkdtemp(join(tmpdir(), "index-"));
    const built = await loadOrBuildIndex(dir, articles);
    const text = await readFile(built.file, "utf8");
    const newline = text.indexOf("\n");
    expect(newline).toBeGreaterThan(0);
    const header = JSON.parse(text.slice(0, newline)) as Record<string, unknown>;
    const body = text.slice(newline + 1).replaceAll('"jack-ma-5-janji:35"', '"jack-ma-5-janji:99"');
    header.body = createHash("sha256").update(body).digest("hex");
    await writeFile(built.file, `${JSON.stringify(header)}\n${body}`);
    const again = await loadOrBuildIndex(dir, articles);
    expect(again.loaded).toBe(false);
    expect(again.warning).toMatch(/indexes passages the corpus does not have/);
    expect(answersOf(again.kb)).toEqual(answersOf(built.kb));
  });

  it("are not trusted when copied over from another corpus", async () => {
    const dir = await mkdtemp(join(tmpdir(), "index-"));
    const [article] = articles;
    if (!article) throw new Error("the corpus is empty");
    // The same passages, one word changed: another key, so another file; copy it into this one's place.
    const edited = {
      ...article,
      passages: article.passages.map((p, i) => (i === 0 ? { ...p, text: `${p.text} Sekolah.` } : p)),
    };
    const built = await loadOrBuildIndex(dir, [article]);
    const other = await loadOrBuildIndex(dir, [edited]);
    await writeFile(built.file, await readFile(other.file));
    const again = await loadOrBuildIndex(dir, [article]);
    expect(again.loaded).toBe(false);
    expect(again.warning).toMatch(/was built from other passages/);
    expect(answersOf(again.kb)).toEqual(answersOf(built.kb));
  });

  it("are not read into memory when far larger than the corpus could make", async () => {
    const dir = await mkdtemp(join(tmpdir(), "index-"));
    const { file } = await loadOrBuildIndex(dir, articles);
    await truncate(file, 300 * 1024 * 1024); // sparse: takes no disk space
    vi.mocked(fs.readFile).mockClear();
    const again = await loadOrBuildIndex(dir, articles);
    expect(again.loaded).toBe(false);
    expect(again.warning).toMatch(/bytes/);
    expect(vi.mocked(fs.readFile).mock.calls.map(([path]) => path)).not.toContain(file);
    expect((await loadOrBuildIndex(dir, articles)).loaded).toBe(true);
  });

  it("do not hang start-up when a FIFO takes the snapshot's place", async () => {
    const dir = await mkdtemp(join(tmpdir(), "index-"));
    const { file } = await loadOrBuildIndex(dir, articles);
    await rm(file);
    execFileSync("mkfifo", [file]);
    const again = await loadOrBuildIndex(dir, articles);
    expect(again.loaded).toBe(false);
    expect(again.warning).toMatch(/not a regular file/);
  }, 5_000);

  it("are not followed when a link takes the snapshot's place", async () => {
    const dir = await mkdtemp(join(tmpdir(), "index-"));
    const { file } = await loadOrBuildIndex(dir, articles);
    // A valid snapshot, but reached through a link: the cache never writes one, so it was put there.
    const elsewhere = join(await mkdtemp(join(tmpdir(), "elsewhere-")), "index.json");
    await fs.rename(file, elsewhere);
    await fs.symlink(elsewhere, file);
    const again = await loadOrBuildIndex(dir, articles);
    expect(again.loaded).toBe(false);
    expect(again.warning).toMatch(/is a link/);
    expect((await fs.lstat(file)).isSymbolicLink()).toBe(false);
  });

  it("check the size of the file they read, not of one looked at before (a file swapped in between)", async () => {
    const dir = await mkdtemp(join(tmpdir(), "index-"));
    const { file } = await loadOrBuildIndex(dir, articles);
    const small = await fs.stat(file);
    await truncate(file, 64 * 1024 * 1024); // sparse: takes no disk space
    // Whatever looks the path up before opening it sees the small file that was there a moment ago.
    const actualStat = vi.mocked(fs.stat).getMockImplementation();
    vi.mocked(fs.stat).mockImplementation(async (path, options) =>
      path === file ? small : (actualStat as typeof fs.stat)(path, options),
    );
    try {
      const again = await loadOrBuildIndex(dir, articles);
      expect(again.loaded).toBe(false);
      expect(again.warning).toMatch(/is 67108864 bytes, more than/);
    } finally {
      vi.mocked(fs.stat).mockImplementation(actualStat as typeof fs.stat);
    }
  });

  it("are written by processes with the same pid at once (containers sharing a volume) without a clash", async () => {
    const dir = await mkdtemp(join(tmpdir(), "index-"));
    // Two starts in this one process: the same pid, as pid 1 in two containers.
    const results = await Promise.all([1, 2, 3].map(() => loadOrBuildIndex(dir, articles)));
    expect(results.map((r) => r.warning)).toEqual([undefined, undefined, undefined]);
    expect((await readdir(dir)).filter((name) => name.endsWith(".tmp"))).toEqual([]);
    expect((await loadOrBuildIndex(dir, articles)).loaded).toBe(true);
  });

  it("remove temporary files a writer that died left an hour ago, not those being written", async () => {
    const dir = await mkdtemp(join(tmpdir(), "index-"));
    const stale = [
      `index-${"a".repeat(16)}.json.0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d.tmp`,
      `index-${"b".repeat(16)}.json.1.tmp`, // as older versions named them
    ];
    const fresh = `index-${"c".repeat(16)}.json.5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9.tmp`;
    for (const name of [...stale, fresh]) await writeFile(join(dir, name), "{");
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    for (const name of stale) await utimes(join(dir, name), twoHoursAgo, twoHoursAgo);
    const { file } = await loadOrBuildIndex(dir, articles);
    expect((await readdir(dir)).sort()).toEqual([file.slice(dir.length + 1), fresh].sort());
  });

  it("keep only the newest few in the cache folder, and nothing else there is touched", async () => {
    const dir = await mkdtemp(join(tmpdir(), "index-"));
    const old = Array.from({ length: 6 }, (_, i) => `index-${String(i).repeat(16)}.json`);
    for (const [i, name] of old.entries()) {
      await writeFile(join(dir, name), "{}");
      const when = new Date(Date.UTC(2020, 0, 1 + i));
      await utimes(join(dir, name), when, when);
    }
    await writeFile(join(dir, "notes.txt"), "mine");
    const { file } = await loadOrBuildIndex(dir, articles);
    const left = (await readdir(dir)).sort();
    expect(left).toEqual([...old.slice(-2), file.slice(dir.length + 1), "notes.txt"].sort());
  });
});

describe("an index too large to keep as a snapshot", () => {
  it("is used from memory, with a warning that says so, not that the folder cannot be written", async () => {
    const dir = await mkdtemp(join(tmpdir(), "index-"));
    const original = KnowledgeBase.prototype.toSnapshot;
    // Padding past what a snapshot of this corpus may be (a megabyte of slack, then 10 bytes a character).
    const toSnapshot = vi.spyOn(KnowledgeBase.prototype, "toSnapshot").mockImplementation(function (
      this: KnowledgeBase,
    ) {
      const real = original.call(this);
      return { ...real, documentFrequency: [...real.documentFrequency, ["x".repeat(4 * 1024 * 1024), 1]] };
    });
    try {
      const result = await loadOrBuildIndex(dir, articles);
      expect(result.loaded).toBe(false);
      expect(result.warning).toMatch(
        /^index snapshot .*index-[0-9a-f]{16}\.json not written: the index is \d+ bytes/,
      );
      expect(result.warning).not.toMatch(/cannot be written/);
      expect(answersOf(result.kb)[0]?.tier).not.toBe("none");
      expect(await readdir(dir)).toEqual([]);
    } finally {
      toSnapshot.mockRestore();
    }
  });
});

describe("an index cache folder that cannot be written", () => {
  const unusable: [string, () => Promise<string>][] = [
    [
      "a file",
      async () => {
        const file = join(await mkdtemp(join(tmpdir(), "index-")), "cache");
        await writeFile(file, "not a folder");
        return file;
      },
    ],
    [
      "under a file",
      async () => {
        const file = join(await mkdtemp(join(tmpdir(), "index-")), "cache");
        await writeFile(file, "not a folder");
        return join(file, "index");
      },
    ],
  ];
  // Permissions do not stop root, so the read-only case is left out there.
  if (process.getuid?.() !== 0) {
    unusable.push([
      "read-only",
      async () => {
        const dir = await mkdtemp(join(tmpdir(), "index-"));
        await mkdir(join(dir, "cache"));
        await chmod(join(dir, "cache"), 0o555);
        return join(dir, "cache");
      },
    ]);
  }

  it.each(unusable)(
    "(%s) does not stop start-up: the index is built in memory, with a warning",
    async (_, make) => {
      const dir = await make();
      const result = await loadOrBuildIndex(dir, articles);
      expect(result.loaded).toBe(false);
      expect(result.warning).toContain(dir);
      expect(answersOf(result.kb)[0]?.tier).not.toBe("none");
    },
  );
});
