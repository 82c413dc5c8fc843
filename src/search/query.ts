import { type Analyzer, tokenize } from "./analyzer.js";
import { dictionaryTranslations, looksEnglish, translateEnglish } from "./english.js";

/** One word of a question: the terms any of which stands for it in a passage. */
export interface QueryWord {
  terms: readonly string[];
}

/**
 * Turns a question into the words to look for. An Indonesian question's words are its terms. An
 * English question's content words become their Indonesian translations, keeping the word itself
 * for names and numbers (`Jack`, `2017`); a word whose every translation is a function word
 * (`want` -> `ingin`) is dropped like a stopword.
 */
export function parseQuestion(
  analyzer: Analyzer,
  question: string,
  /** Whether the corpus holds a term; with it, an Indonesian question's English words are translated too. */
  inCorpus?: (term: string) => boolean,
  /** At most this many words: the rest of a long question is not analysed or translated at all. */
  maxWords = Number.POSITIVE_INFINITY,
): QueryWord[] {
  const tokens = tokenize(question);
  const english = analyzer.options.english && looksEnglish(tokens);
  const words = new Map<string, QueryWord>();
  const add = (terms: readonly string[]): void => {
    const unique = [...new Set(terms)];
    if (unique.length > 0) words.set(unique.join(" "), { terms: unique });
  };
  for (const token of tokens) {
    if (words.size >= maxWords) break;
    const own = analyzer.termsOf(token);
    if (own.length === 0) continue;
    if (!english || /^\d/.test(token)) {
      const switched = codeSwitched(analyzer, token, own, inCorpus);
      if (switched) add([...own, ...switched]);
      else for (const term of own) add([term]);
      continue;
    }
    const translations = translateEnglish(token);
    const translated = translations.flatMap((t) => analyzer.terms(t));
    if (translations.length > 0 && translated.length === 0) continue;
    add([...translated, ...own]);
  }
  return [...words.values()];
}

/**
 * Chat Indonesian borrows English words (`training`, `leader`): a word the corpus lacks that the
 * English dictionaries know gets its Indonesian translations beside it, word by word.
 */
function codeSwitched(
  analyzer: Analyzer,
  token: string,
  own: readonly string[],
  inCorpus: ((term: string) => boolean) | undefined,
): string[] | undefined {
  if (!inCorpus || !analyzer.options.codeSwitching || /^\d/.test(token) || own.some(inCorpus))
    return undefined;
  const translated = dictionaryTranslations(token).flatMap((t) => analyzer.terms(t));
  return translated.length > 0 ? translated : undefined;
}
