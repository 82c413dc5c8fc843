import type { Analyzer } from "./analyzer.js";

/**
 * Letters and digits, with invisible format characters (Unicode's Cf: soft hyphen, zero-width space
 * and joiners) allowed between them: normalizeText drops those, so `tek\u00adnologi` is searched as
 * `teknologi`, and it must be bolded whole. One at a word's edge stays outside it. Combining marks
 * (a decomposed `é`) belong to the letter before them, as normalizeText folds them. The classes are
 * disjoint, so the pattern cannot backtrack.
 */
const LETTERS = String.raw`[\p{L}\p{N}][\p{L}\p{N}\p{M}]*(?:\p{Cf}+[\p{L}\p{N}][\p{L}\p{N}\p{M}]*)*`;
const WORD = new RegExp(String.raw`\p{N}+(?:[.,]\p{N}+)+|${LETTERS}(?:[-'’]${LETTERS})*`, "gu");

/**
 * The [start, end) ranges of the words in `text` that match the question's terms, by term or by
 * stem, so renderers can set them in bold without changing a character of the quote.
 */
export function highlightRanges(
  analyzer: Analyzer,
  text: string,
  questionTerms: readonly string[],
): [number, number][] {
  const wanted = new Set(questionTerms.flatMap((t) => [t, analyzer.stem(t)]));
  const ranges: [number, number][] = [];
  for (const match of text.matchAll(WORD)) {
    const terms = analyzer.terms(match[0]);
    if (terms.some((t) => wanted.has(t) || wanted.has(analyzer.stem(t)))) {
      ranges.push([match.index, match.index + match[0].length]);
    }
  }
  return ranges;
}
