import type { Article } from "../corpus/types.js";
import { keyPoints } from "../corpus/types.js";
import type { Library } from "../library.js";
import { normalizeText } from "../search/analyzer.js";
import { MAX_SUGGEST_TERMS } from "../search/knowledge-base.js";
import { cutAt, truncateAtWord } from "../text.js";
import { MAX_QUESTION_LENGTH } from "./ask.js";
import { findArticle } from "./promises.js";

export const MAX_SUGGESTIONS = 25;
export const MAX_SUGGESTION_LENGTH = 100;

/** A section title with its folded form, for matching what is typed. */
interface Title {
  article: Article;
  number: number;
  title: string;
  folded: string;
}

/** What autocomplete has cost so far: counts, not time, so tests can bound them. */
export const suggestionWork = {
  /** Section titles folded for matching: once per library, not once per keystroke. */
  titlesFolded: 0,
  /** Typed words compared with a title. */
  titleChecks: 0,
};

/** Each library's section titles, folded once: autocomplete runs on every keystroke. */
const titlesByLibrary = new WeakMap<Library, readonly Title[]>();

function titlesOf(library: Library): readonly Title[] {
  let titles = titlesByLibrary.get(library);
  if (!titles) {
    titles = library.articles.flatMap((article) =>
      keyPoints(article).map(({ number, title }) => {
        suggestionWork.titlesFolded += 1;
        return { article, number, title, folded: normalizeText(title) };
      }),
    );
    titlesByLibrary.set(library, titles);
  }
  return titles;
}

/**
 * The distinct words of what is typed, at most MAX_SUGGEST_TERMS (the last ones, in order). Input
 * is cut to what Discord lets the option hold: autocomplete values are not held to `max_length`.
 */
function typedWords(typed: string): string[] {
  const words = normalizeText(cutAt(typed, MAX_QUESTION_LENGTH)).split(/\s+/).filter(Boolean);
  const distinct: string[] = [];
  for (const word of words.reverse()) {
    if (distinct.length >= MAX_SUGGEST_TERMS) break;
    if (!distinct.includes(word)) distinct.unshift(word);
  }
  return distinct;
}

/**
 * Suggestions while a question is typed: section titles that contain every word typed so far,
 * then completions from the corpus vocabulary. With nothing typed, the section titles.
 */
export function suggestQuestions(library: Library, typed: string): string[] {
  const words = typedWords(typed);
  const matchingTitles = titlesOf(library)
    .filter(({ folded }) =>
      words.every((w) => {
        suggestionWork.titleChecks += 1;
        return folded.includes(w);
      }),
    )
    .map((t) => t.title);
  const completions = words.length > 0 ? library.kb.suggest(words.join(" "), MAX_SUGGESTIONS) : [];
  const unique = new Set(
    [...matchingTitles, ...completions]
      .map((s) => truncateAtWord(s.trim(), MAX_SUGGESTION_LENGTH))
      .filter(Boolean),
  );
  return [...unique].slice(0, MAX_SUGGESTIONS);
}
/**
 * Choices for `/promises number`, an integer option: the article's key points whose number or
 * title matches what is typed, each named by its title and valued by its number.
 */
export function suggestPromiseNumbers(
  library: Library,
  typed: string,
  articleName: string | undefined,
): { name: string; value: number }[] {
  const article = findArticle(
    library,
    articleName === undefined ? undefined : cutAt(articleName, MAX_QUESTION_LENGTH),
  );
  const words = typedWords(typed);
  return titlesOf(library)
    .filter(
      (t) =>
        t.article === article &&
        words.every((w) => {
          suggestionWork.titleChecks += 1;
          return String(t.number).startsWith(w) || t.folded.includes(w);
        }),
    )
    .slice(0, MAX_SUGGESTIONS)
    .map((t) => ({
      name: truncateAtWord(`${t.number}. ${t.title}`, MAX_SUGGESTION_LENGTH),
      value: t.number,
    }));
}
