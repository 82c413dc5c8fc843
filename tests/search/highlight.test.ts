import { describe, expect, it } from "vitest";
import { Analyzer } from "../../src/search/analyzer.js";
import { highlightRanges } from "../../src/search/highlight.js";

const analyzer = new Analyzer();

/** The words of `text` set in bold for `question`, as the text itself (ranges index the raw text). */
function bold(text: string, question: string): string[] {
  return highlightRanges(analyzer, text, analyzer.terms(question)).map(([start, end]) =>
    text.slice(start, end),
  );
}

describe("highlightRanges", () => {
  it("bolds the words the question asks about, by stem, and no others", () => {
    expect(bold("Jack Ma ingin mencetak pemimpin teknologi muda.", "pemimpin teknologi")).toEqual([
      "pemimpin",
      "teknologi",
    ]);
  });

  it.each([
    ["a soft hyphen", "tek\u00adnologi"],
    ["a zero-width space", "tekno\u200blogi"],
    ["a zero-width joiner and a word joiner", "tek\u200dno\u2060logi"],
  ])("bolds a whole word with %s inside it, quoting it unchanged", (_, word) => {
    const text = `Pemimpin ${word} muda.`;
    const ranges = highlightRanges(analyzer, text, analyzer.terms("teknologi"));
    expect(ranges).toEqual([[9, 9 + word.length]]);
    expect(bold(text, "teknologi")).toEqual([word]);
  });

  it("bolds a word written with combining accents (decomposed) whole", () => {
    const word = "kafe\u0301"; // "kafé" as e + combining acute: normalizeText folds it to "kafe"
    expect(bold(`Sebuah ${word} di Jakarta.`, "kafe")).toEqual([word]);
  });

  it("keeps a format character at a word's edge out of the bold", () => {
    expect(bold("Pemimpin \u200bteknologi\u00ad muda.", "teknologi")).toEqual(["teknologi"]);
  });

  it("still bolds hyphenated and decimal words whole", () => {
    expect(bold("Negara-negara itu tumbuh 5,2 persen.", "negara")).toEqual(["Negara-negara"]);
  });
});
