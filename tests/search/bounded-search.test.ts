import { describe, expect, it, vi } from "vitest";
import { loadCorpus } from "../../src/corpus/load.js";
import type { Passage } from "../../src/corpus/types.js";
import { DEFAULT_CORPUS_DIR } from "../../src/paths.js";
import { KnowledgeBase, MAX_FUZZY_WORDS } from "../../src/search/knowledge-base.js";

const passage = (n: number, text: string): Passage => ({
  id: `t:${n}`,
  articleSlug: "t",
  articleTitle: "Tes",
  section: null,
  paragraph: n,
  text,
});

/** What one search costs, read from the knowledge base's counters. */
function cost(kb: KnowledgeBase, search: () => unknown): { postings: number; fuzzyWords: number } {
  const before = kb.work;
  search();
  const after = kb.work;
  return { postings: after.postings - before.postings, fuzzyWords: after.fuzzyWords - before.fuzzyWords };
}

// 300 passages hold `pemerintah`: more than the 200 above which a term is common, and skipped.
const COMMON = 300;
const withCommonWord = (): KnowledgeBase =>
  new KnowledgeBase([
    ...Array.from({ length: COMMON }, (_, i) => passage(i + 1, `Pemerintah menetapkan aturan nomor ${i}.`)),
    passage(COMMON + 1, "Pelatihan teknologi untuk guru."),
  ]);

describe("the common-term guard holds for typo'd words", () => {
  const kb = withCommonWord();

  it("does not look up the common word a misspelt word is one letter from", () => {
    // `pemerintahh` is unknown, so it passed the guard, and fuzzy matching expanded it to
    // `pemerintah`: every one of its 300 passages was scored.
    const answer = kb.ask("pemerintahh pelatihan", 10);
    expect(answer.results.map((h) => h.passage.id)).toEqual([`t:${COMMON + 1}`]);
    expect(cost(kb, () => kb.ask("pemerintahh pelatihan", 10)).postings).toBeLessThan(COMMON);
  });

  it("still finds the common word when nothing else in the question would find anything", () => {
    // As the guard keeps the rarest two terms of a question of common words only.
    expect(kb.ask("pemerintahh", 10).results.length).toBeGreaterThan(0);
  });

  it("many typo'd common words cost what one common word does", () => {
    const words = ["pemerintahh", "pemerintaah", "pemerinntah", "pemeriintah", "pemmerintah", "peemerintah"];
    expect(cost(kb, () => kb.ask(words.join(" "), 10)).postings).toBeLessThanOrEqual(COMMON);
  });
});

describe("typos are looked for in a few words per question", () => {
  const crops = [
    "kelapa",
    "jagung",
    "singkong",
    "kedelai",
    "gandum",
    "sorgum",
    "kentang",
    "bawang",
    "cengkeh",
    "kemiri",
  ];
  const kb = new KnowledgeBase(crops.map((crop, i) => passage(i + 1, `Petani menanam ${crop}.`)));
  // One letter doubled in each: every word is misspelt, so each needs a typo lookup to be found.
  const typod = crops.map((crop) => `${crop.slice(0, 3)}${crop[2]}${crop.slice(3)}`);

  it("finds a misspelt word", () => {
    expect(kb.ask(typod[0] ?? "", 5).results[0]?.passage.id).toBe("t:1");
  });

  it(`looks for typos in at most ${MAX_FUZZY_WORDS} words of a question`, () => {
    const answer = kb.ask(typod.join(" "), 20);
    // Before the cap, all ten misspelt words were expanded and all ten passages found.
    expect(answer.results).toHaveLength(MAX_FUZZY_WORDS);
    expect(cost(kb, () => kb.ask(typod.join(" "), 20)).fuzzyWords).toBe(MAX_FUZZY_WORDS);
  });
});

describe("a question's lookups stay within a budget of passages", () => {
  // 40 words each in 150 of 300 passages: none is common (200), but together they are 6,000 postings.
  const vocabulary = Array.from(
    { length: 40 },
    (_, j) => `zor${String.fromCharCode(97 + (j % 26))}${String.fromCharCode(97 + Math.floor(j / 26))}an`,
  );
  const kb = new KnowledgeBase(
    Array.from({ length: 300 }, (_, i) =>
      passage(i + 1, vocabulary.filter((_, j) => (i + j) % 2 === 0).join(" ")),
    ),
  );

  it("scores at most eight common-term limits of postings, however many mid-frequency words", () => {
    const question = vocabulary.slice(0, 32).join(" ");
    const { postings } = cost(kb, () => kb.ask(question, 5));
    expect(postings).toBeGreaterThan(0);
    expect(postings).toBeLessThanOrEqual(8 * 200);
    expect(kb.ask(question, 5).results.length).toBeGreaterThan(0);
  });

  it("autocomplete has the same budget", () => {
    const typed = `${vocabulary.slice(0, 31).join(" ")} zo`;
    expect(cost(kb, () => kb.suggest(typed, 25)).postings).toBeLessThanOrEqual(8 * 200);
  });
});

describe("the work a question of made-up words costs", () => {
  it("analyses at most 32 words and searches only terms the corpus holds or their typos", async () => {
    const kb = KnowledgeBase.fromArticles(await loadCorpus(DEFAULT_CORPUS_DIR));
    const letter = (n: number): string => String.fromCharCode(97 + n);
    const analyzed = vi.spyOn(kb.analyzer, "termsOf");
    const before = kb.work;
    const answer = kb.ask(
      Array.from({ length: 150 }, (_, i) => `q${letter(Math.floor(i / 26))}${letter(i % 26)}`).join(" "),
    );
    expect(answer.tier).toBe("none");
    // Tokens past the 32nd word are not analysed (nor translated) at all.
    expect(analyzed.mock.calls.length).toBeLessThanOrEqual(40);
    // None of these words is in the article, and three-letter words get no typo lookups: nothing is searched.
    expect(kb.work.termsSearched - before.termsSearched).toBe(0);
    analyzed.mockRestore();
  });
});
