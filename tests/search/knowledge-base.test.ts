import { describe, expect, it } from "vitest";
import { loadCorpus } from "../../src/corpus/load.js";
import type { Passage } from "../../src/corpus/types.js";
import { DEFAULT_CORPUS_DIR } from "../../src/paths.js";
import { ConfidenceModelError } from "../../src/search/confidence.js";
import { KnowledgeBase } from "../../src/search/knowledge-base.js";

const passage = (id: string, text: string, section: string | null = null): Passage => ({
  id,
  articleSlug: "t",
  articleTitle: "Tes",
  section,
  paragraph: Number(id.split(":")[1]),
  text,
});

describe("KnowledgeBase", async () => {
  const articles = await loadCorpus(DEFAULT_CORPUS_DIR);
  const kb = KnowledgeBase.fromArticles(articles);
  const corpusTexts = new Set(articles.flatMap((a) => a.passages.map((p) => p.text)));

  it("quotes the paragraph about a thousand tech leaders a year", () => {
    const answer = kb.ask("Berapa pemimpin teknologi yang ingin dicetak Jack Ma?");
    // Paragraphs 30 and 31 both answer it, so the model may call it "maybe"; either way it is quoted.
    expect(answer.tier).not.toBe("none");
    expect(["jack-ma-5-janji:30", "jack-ma-5-janji:31"]).toContain(answer.results[0]?.passage.id);
    expect(answer.results[0]?.passage.text).toMatch(/seribu pemimpin teknologi/);
  });

  it("answers a question with invisible characters inside its words as it answers the plain one", () => {
    const plain = kb.ask("Berapa pemimpin teknologi yang ingin dicetak Jack Ma?");
    const hidden = kb.ask("Berapa pe\u00admimpin tek\u200bnologi yang ingin di\u200dcetak Jack\u2060 Ma?");
    expect(hidden.tier).toBe(plain.tier);
    expect(hidden.results.map((r) => r.passage.id)).toEqual(plain.results.map((r) => r.passage.id));
  });

  it("returns at most K results, best first, each with a score", () => {
    const answer = kb.ask("Alibaba sekolah teknologi", 4);
    expect(answer.results.length).toBeLessThanOrEqual(4);
    const scores = answer.results.map((r) => r.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it("abstains when no content word of the question is in the article", () => {
    const answer = kb.ask("Resep nasi goreng yang enak apa?");
    expect(answer.answered).toBe(false);
    expect(answer.results).toEqual([]);
  });

  it("abstains, with suggestions, when the question shares only a word with the article", () => {
    const answer = kb.ask("Siapa presiden Amerika Serikat?");
    expect(answer.answered).toBe(false);
    expect(answer.tier).toBe("none");
    expect(answer.coverage).toBeLessThan(kb.ranking.minCoverage);
  });

  it("refuses, when built, a confidence model that does not fit its signals", () => {
    const stale = { ...kb.confidence, features: ["english"], means: [0], scales: [1], weights: [1] };
    expect(() => new KnowledgeBase([passage("t:1", "Teks.")], { confidence: stale })).toThrow(
      ConfidenceModelError,
    );
  });

  it("answers nothing for a question with no words", () => {
    for (const question of ["", "   ", "??!", "🎉🎉", "yang dan di"]) {
      expect(kb.ask(question)).toMatchObject({ answered: false, results: [] });
    }
  });

  it("never returns text that is not in the corpus", () => {
    for (const question of [
      "Jack Ma",
      "Alibaba Indonesia SDM",
      "<script>alert(1)</script> jack",
      "@everyone alibaba",
    ]) {
      for (const hit of kb.ask(question, 10).results) expect(corpusTexts.has(hit.passage.text)).toBe(true);
    }
  });

  it("finds a word with a typo but does not let short words match unrelated ones", () => {
    const small = new KnowledgeBase([
      passage("t:1", "Pelatihan pemimpin teknologi"),
      passage("t:2", "Kota pada malam"),
    ]);
    expect(small.ask("pelatihn")).toMatchObject({ results: [{ passage: { id: "t:1" } }] });
    expect(small.ask("pelatihn").tier).not.toBe("none");
    expect(small.ask("kita").results).toEqual([]);
  });

  it("searches section headings too", () => {
    const small = new KnowledgeBase([
      passage("t:1", "Isi paragraf pertama.", "Sekolah teknologi"),
      passage("t:2", "Isi paragraf kedua.", "Pasar daring"),
    ]);
    expect(small.ask("sekolah teknologi").results[0]?.passage.id).toBe("t:1");
  });

  it("rejects duplicate passage ids", () => {
    expect(() => new KnowledgeBase([passage("t:1", "a b"), passage("t:1", "c d")])).toThrow(
      /duplicate passage id/,
    );
  });
});
