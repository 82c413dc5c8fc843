import { describe, expect, it } from "vitest";
import { Analyzer, normalizeText, tokenize } from "../../src/search/analyzer.js";

const analyzer = new Analyzer();

describe("normalizeText and tokenize", () => {
  it("folds case, diacritics and apostrophes", () => {
    expect(normalizeText("Café Single’s DAY")).toBe("cafe singles day");
  });

  it("keeps grouped numbers and hyphenated words whole", () => {
    expect(tokenize("Sebesar 8,1 miliar; 1.000 negara-negara, e-commerce!")).toEqual([
      "sebesar",
      "8,1",
      "miliar",
      "1.000",
      "negara-negara",
      "e-commerce",
    ]);
  });

  it("ignores invisible characters inside words (zero-width, soft hyphen, BOM, bidi marks)", () => {
    const hidden = ["\u200b", "\u200c", "\u200d", "\u2060", "\u00ad", "\ufeff", "\u200e", "\u202e"];
    for (const mark of hidden) {
      expect(tokenize(`Ali${mark}baba mem${mark}bangun seko${mark}lah`), JSON.stringify(mark)).toEqual([
        "alibaba",
        "membangun",
        "sekolah",
      ]);
    }
  });

  it("finds no tokens in punctuation or emoji", () => {
    expect(tokenize("?!… 🎉🔥 ***")).toEqual([]);
  });
});

describe("Analyzer", () => {
  it("drops Indonesian stopwords but keeps content words", () => {
    expect(analyzer.terms("Apa yang sedang disiapkan pemerintah?")).toEqual(["disiapkan", "pemerintah"]);
  });

  it("keeps stopwords that carry meaning, unless told not to", () => {
    expect(analyzer.terms("tahun baru")).toEqual(["tahun", "baru"]);
    expect(new Analyzer({ keepMeaningfulStopwords: false }).terms("tahun baru")).toEqual([]);
  });

  it("folds reduplication", () => {
    expect(analyzer.terms("negara-negara")).toEqual(["negara"]);
    expect(new Analyzer({ reduplication: false }).terms("negara-negara")).toEqual(["negara", "negara"]);
  });

  it("splits other hyphenated words into their parts", () => {
    expect(analyzer.terms("e-commerce Sars-CoV-2")).toEqual(["commerce", "sars", "cov", "2"]);
  });

  it("strips -nya from content words but not from short words that end like it", () => {
    expect(analyzer.terms("hilangnya pendiriannya")).toEqual(["hilang", "pendirian"]);
    expect(analyzer.terms("tanya")).toEqual([]); // a stopword, and "ta" is no stem
    expect(analyzer.terms("punya")).toEqual([]);
  });

  it("strips -kah/-lah only to reveal a function word", () => {
    expect(analyzer.terms("siapakah sekolah langkah")).toEqual(["sekolah", "langkah"]);
  });

  it("expands chat abbreviations", () => {
    expect(new Analyzer({ stopwords: false }).terms("brp yg utk dgn gimana RI")).toEqual([
      "berapa",
      "yang",
      "untuk",
      "dengan",
      "bagaimana",
      "indonesia",
    ]);
    expect(new Analyzer({ stopwords: false, informal: false }).terms("brp")).toEqual(["brp"]);
  });

  it("writes numbers as digits", () => {
    expect(analyzer.terms("seribu sepuluh 1.000 thousand 8,1 lima")).toEqual([
      "1000",
      "10",
      "1000",
      "1000",
      "8.1",
      "5",
    ]);
  });

  it("stems for the coverage check only when stemming is on", () => {
    expect(analyzer.stem("dicetak")).toBe(analyzer.stem("mencetak"));
    expect(new Analyzer({ stemming: false }).stem("dicetak")).toBe("dicetak");
  });
});
