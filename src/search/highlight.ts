import type { Analyzer } from "./analyzer.js";

const WORD = /\p{N}+(?:[.,]\p{N}+)+|[\p{L}\p{N}]+(?:[-'’][\p{L}\p{N}]+)*/gu;

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
