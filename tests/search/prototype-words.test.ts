import { describe, expect, it } from "vitest";
import { parseConsoleLine } from "../../src/console/console.js";
import type { Passage } from "../../src/corpus/types.js";
import { Analyzer, tokenize } from "../../src/search/analyzer.js";
import { answerTypeOf } from "../../src/search/answer-type.js";
import { translateEnglish } from "../../src/search/english.js";
import { KnowledgeBase } from "../../src/search/knowledge-base.js";
import { parseQuestion } from "../../src/search/query.js";

/**
 * Names every plain object inherits from Object.prototype. The word tables are object literals,
 * so a lookup must not find these in them (`LEXICON["constructor"]` is the Object function).
 */
const PROTOTYPE_WORDS = [
  "constructor",
  "toString",
  "__proto__",
  "hasOwnProperty",
  "valueOf",
  "isPrototypeOf",
];

const passage = (id: string, text: string): Passage => ({
  id,
  articleSlug: "t",
  articleTitle: "Tes",
  section: null,
  paragraph: Number(id.split(":")[1]),
  text,
});

describe("words that name Object.prototype properties are ordinary words", () => {
  const analyzer = new Analyzer();

  it.each(PROTOTYPE_WORDS)("Analyzer.termsOf(%j) keeps the word itself", (word) => {
    expect(analyzer.termsOf(word)).toEqual([word]);
    expect(analyzer.termsOf(word.toLowerCase())).toEqual([word.toLowerCase()]);
  });

  it("are indexed like any other word, in text as tokenize splits it", () => {
    expect(analyzer.terms("constructor toString valueOf hasOwnProperty __proto__")).toEqual([
      "constructor",
      "tostring",
      "valueof",
      "hasownproperty",
      "proto",
    ]);
  });

  it.each(PROTOTYPE_WORDS)("translateEnglish(%j) returns strings, not a prototype property", (word) => {
    const translations = translateEnglish(word);
    expect(Array.isArray(translations)).toBe(true);
    for (const t of translations) expect(typeof t).toBe("string");
  });

  it("translateEnglish spells an unknown word the Indonesian way", () => {
    expect(translateEnglish("constructors")[0]).toBe("konstruktor");
    expect(translateEnglish("constructor")[0]).toBe("konstruktor");
  });

  it("parseQuestion keeps them as words of an English question", () => {
    const words = parseQuestion(analyzer, "Who are the constructors?").map((w) => w.terms);
    expect(words).toContainEqual(expect.arrayContaining(["konstruktor", "constructors"]));
    const more = parseQuestion(analyzer, "What does constructor, toString, valueOf or hasOwnProperty do?");
    const terms = more.flatMap((w) => w.terms);
    for (const term of ["constructor", "tostring", "valueof", "hasownproperty"])
      expect(terms).toContain(term);
    for (const term of terms) expect(typeof term).toBe("string");
  });

  it("parseQuestion keeps them as words of an Indonesian question", () => {
    const words = parseQuestion(analyzer, "Apa itu constructor dan valueOf?").map((w) => w.terms);
    expect(words).toEqual([["constructor"], ["valueof"]]);
  });

  it("answerTypeOf reads the question word around them", () => {
    expect(answerTypeOf(tokenize("Who are the constructors?"))).toBe("person");
    expect(answerTypeOf(["constructor"])).toBeUndefined();
    expect(answerTypeOf(["__proto__", "kapan"])).toBe("time");
  });

  it("a knowledge base finds a passage by them", () => {
    const kb = new KnowledgeBase([
      passage("t:1", "Sebuah constructor membuat objek baru."),
      passage("t:2", "Kopi Gayo dari Aceh."),
    ]);
    expect(kb.ask("Apa itu constructor?").results[0]?.passage.id).toBe("t:1");
    expect(kb.ask("Who are the constructors?").results.map((r) => r.passage.id)).toContain("t:1");
  });

  it("the console reads /constructor as an unknown command", () => {
    expect(parseConsoleLine("/constructor")).toEqual({ unknown: "constructor" });
    expect(parseConsoleLine("/toString")).toEqual({ unknown: "toString" });
  });
});
