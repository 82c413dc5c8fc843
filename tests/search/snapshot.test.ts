import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadCorpus } from "../../src/corpus/load.js";
import { parseArticle } from "../../src/corpus/parse.js";
import { DEFAULT_CORPUS_DIR } from "../../src/paths.js";
import { loadOrBuildIndex } from "../../src/search/snapshot.js";

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
});
