import { keyPoints } from "../corpus/types.js";
import type { Library } from "../library.js";
import { normalizeText } from "../search/analyzer.js";
import { truncateAtWord } from "../text.js";

export const MAX_SUGGESTIONS = 25;
export const MAX_SUGGESTION_LENGTH = 100;

/**
 * Suggestions while a question is typed: section titles that contain every word typed so far,
 * then completions from the corpus vocabulary. With nothing typed, the section titles.
 */
export function suggestQuestions(library: Library, typed: string): string[] {
  const titles = library.articles.flatMap((a) => keyPoints(a).map((k) => k.title));
  const words = normalizeText(typed).split(/\s+/).filter(Boolean);
  const matchingTitles = titles.filter((title) => words.every((w) => normalizeText(title).includes(w)));
  const completions = words.length > 0 ? library.kb.suggest(typed.slice(0, 200), MAX_SUGGESTIONS) : [];
  const unique = new Set(
    [...matchingTitles, ...completions]
      .map((s) => truncateAtWord(s.trim(), MAX_SUGGESTION_LENGTH))
      .filter(Boolean),
  );
  return [...unique].slice(0, MAX_SUGGESTIONS);
}
