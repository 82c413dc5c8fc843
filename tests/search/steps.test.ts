import { describe, expect, it } from "vitest";
import { Analyzer, tokenize } from "../../src/search/analyzer.js";
import { answerTypeOf, hasEvidence } from "../../src/search/answer-type.js";
import { isOneTypoAway } from "../../src/search/edit-distance.js";
import {
  dictionaryTranslations,
  englishLemmas,
  indonesianSpelling,
  looksEnglish,
  translateEnglish,
} from "../../src/search/english.js";
import { FeatureExtractor } from "../../src/search/features.js";
import { parseQuestion } from "../../src/search/query.js";

const analyzer = new Analyzer();
const passage = (text: string) => ({
  id: text,
  articleSlug: "t",
  articleTitle: "T",
  section: null,
  paragraph: 1,
  text,
});

describe("English questions", () => {
  it("are told from Indonesian ones by their function words", () => {
    expect(looksEnglish(tokenize("How many leaders does Jack Ma want to train?"))).toBe(true);
    expect(looksEnglish(tokenize("Apa buku pertama dari novel The Chronicles of Narnia?"))).toBe(false);
  });

  it("find dictionary forms of inflected words", () => {
    expect(englishLemmas("leaders")).toContain("leader");
    expect(englishLemmas("trained")).toContain("train");
    expect(englishLemmas("countries")).toContain("country");
    expect(englishLemmas("planned")).toContain("plan");
  });

  it("map content words to Indonesian candidates from the lexicon", () => {
    expect(translateEnglish("school")).toContain("sekolah");
    expect(translateEnglish("countries")).toContain("negara");
    // Not in FreeDict: the loanword spelling, then WordNet's translations.
    expect(translateEnglish("deficit")).toEqual(["defisit", "kekurangan"]);
  });

  it("find words FreeDict lacks in WordNet joined with Wordnet Bahasa, irregular forms included", () => {
    expect(dictionaryTranslations("leader")).toContain("pemimpin"); // the word before its guessed lemma `lead`
    expect(dictionaryTranslations("seen")).toContain("melihat"); // irregular: see
    expect(dictionaryTranslations("tycoon")).toContain("hartawan");
    expect(dictionaryTranslations("ma")).toEqual([]); // short words are names and abbreviations
    expect(dictionaryTranslations("qwertyuiop")).toEqual([]);
  });

  it("translate the English words of an Indonesian question that the corpus lacks, word by word", () => {
    const corpus = new Set(["jack", "ma", "latihan", "pemimpin", "teknologi", "cloud"]);
    const inCorpus = (t: string) => corpus.has(t);
    const words = parseQuestion(
      analyzer,
      "Jack Ma mau training berapa leader teknologi soal cloud?",
      inCorpus,
    );
    expect(words.map((w) => w.terms)).toEqual([
      ["jack"],
      ["ma"],
      ["training", "latihan"],
      ["leader", "ketua", "pembimbing", "pemimpin"],
      ["teknologi"],
      ["cloud"], // the corpus has it: left as it is
    ]);
    // Without the corpus to ask, or with the step off, nothing is translated.
    expect(parseQuestion(analyzer, "mau training?").map((w) => w.terms)).toEqual([["training"]]);
    const off = new Analyzer({ codeSwitching: false });
    expect(parseQuestion(off, "mau training?", inCorpus).map((w) => w.terms)).toEqual([["training"]]);
  });

  it("spell loanwords the Indonesian way", () => {
    expect(indonesianSpelling("technology")).toBe("teknologi");
    expect(indonesianSpelling("promotion")).toBe("promosi");
    expect(indonesianSpelling("university")).toBe("universitas");
    expect(indonesianSpelling("national")).toBe("nasional");
  });

  it("search with the translations and the word itself, dropping function words", () => {
    const words = parseQuestion(analyzer, "Which countries want the Jack Ma school?").map((w) => w.terms);
    expect(words).toContainEqual(expect.arrayContaining(["negara", "countries"]));
    expect(words).toContainEqual(expect.arrayContaining(["sekolah", "school"]));
    expect(words).toContainEqual(["ma"]);
    expect(words.flat()).not.toContain("ingin"); // want -> ingin, a function word
  });

  it("leave Indonesian questions untranslated", () => {
    expect(parseQuestion(analyzer, "Sekolah apa yang ingin dibangun?").map((w) => w.terms)).toEqual([
      ["sekolah"],
      ["dibangun"],
    ]);
  });
});

describe("answer types", () => {
  it("come from the question word, in both languages and in chat spelling", () => {
    expect(answerTypeOf(tokenize("Berapa pemimpin teknologi?"))).toBe("number");
    expect(answerTypeOf(tokenize("brp defisitnya?"))).toBe("number");
    expect(answerTypeOf(tokenize("How many leaders?"))).toBe("number");
    expect(answerTypeOf(tokenize("Kapan Double Eleven?"))).toBe("time");
    expect(answerTypeOf(tokenize("Siapa Menteri Perindustrian?"))).toBe("person");
    expect(answerTypeOf(tokenize("Di mana Darmin bertemu Jack Ma?"))).toBe("place");
    expect(answerTypeOf(tokenize("Apa itu fintech?"))).toBeUndefined();
  });

  it("are found in passages", () => {
    expect(hasEvidence("number", "melatih seribu pemimpin")).toBe(true);
    expect(hasEvidence("number", "melatih para pemimpin")).toBe(false);
    expect(hasEvidence("time", "pada 11 November 2018")).toBe(true);
    expect(hasEvidence("person", "kata Menteri Darmin Nasution kemudian")).toBe(true);
    expect(hasEvidence("place", "bertemu di Nusa Dua")).toBe(true);
  });
});

describe("isOneTypoAway", () => {
  it("accepts one added, dropped, changed or swapped letter", () => {
    expect(isOneTypoAway("sekolh", "sekolah")).toBe(true);
    expect(isOneTypoAway("singels", "singles")).toBe(true);
    expect(isOneTypoAway("mentri", "menteri")).toBe(true);
    expect(isOneTypoAway("dicetk", "dicetak")).toBe(true);
  });

  it("keeps short words apart unless a letter is only added", () => {
    expect(isOneTypoAway("jak", "jack")).toBe(true);
    expect(isOneTypoAway("kita", "kota")).toBe(false);
    expect(isOneTypoAway("ma", "mu")).toBe(false);
    expect(isOneTypoAway("sekolah", "sekolah")).toBe(false);
    expect(isOneTypoAway("pasar", "pintar")).toBe(false);
  });
});

describe("FeatureExtractor", () => {
  const features = new FeatureExtractor(analyzer, () => 1);
  const question = (text: string) =>
    features.prepare(parseQuestion(analyzer, text), answerTypeOf(tokenize(text)));

  it("counts a word held by stem, by typo or by a longer form", () => {
    const text = "Menteri Perindustrian membahas video promosi produk.";
    expect(features.features(question("industri"), [], passage(text)).coverage).toBe(1); // stem
    expect(features.features(question("mentri"), [], passage(text)).coverage).toBe(1); // typo
    expect(features.features(question("dipromosiin"), [], passage(text)).coverage).toBe(1); // longer form
    expect(features.features(question("cuaca jakarta"), [], passage(text)).coverage).toBe(0);
  });

  it("scores words side by side, and the kind of answer asked for", () => {
    const near = features.features(
      question("Berapa pemimpin teknologi?"),
      [],
      passage("seribu pemimpin teknologi"),
    );
    const apart = features.features(
      question("Berapa pemimpin teknologi?"),
      [],
      passage("teknologi untuk pemimpin"),
    );
    expect(near).toMatchObject({ proximity: 1, answerType: 1 });
    expect(apart).toMatchObject({ proximity: 0, answerType: 0 });
  });
});

describe("Analyzer additions", () => {
  it("drops chat particles and English function words", () => {
    expect(analyzer.terms("kapan sih double eleven dong")).toEqual(["double", "11"]);
    expect(analyzer.terms("the chronicles of narnia")).toEqual(["chronicles", "narnia"]);
  });

  it("keeps question words out and framing words in, at a lower weight", () => {
    expect(analyzer.terms("dimana letak pusat")).toEqual(["letak", "pusat"]);
    expect(analyzer.questionWeight("letak")).toBeLessThan(analyzer.questionWeight("pusat"));
  });
});
