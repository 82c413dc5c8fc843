import lexicon from "./data/en-id.json" with { type: "json" };
import { ENGLISH_STOPWORDS, STOPWORDS } from "./stopwords.js";

const LEXICON: Readonly<Record<string, readonly string[]>> = lexicon;
/** A word with many senses would flood the query; the dictionary lists common senses first. */
const MAX_TRANSLATIONS = 6;

/** A question is English when it has more English function words than Indonesian ones. */
export function looksEnglish(tokens: readonly string[]): boolean {
  let english = 0;
  let indonesian = 0;
  for (const token of tokens) {
    if (ENGLISH_STOPWORDS.has(token)) english += 1;
    if (STOPWORDS.has(token)) indonesian += 1;
  }
  return english > indonesian;
}

/** Dictionary forms an inflected English word may come from (`leaders` -> `leader`, `trained` -> `train`). */
export function englishLemmas(word: string): string[] {
  const forms = [word];
  const strip = (suffix: string, ...add: string[]): void => {
    if (word.length > suffix.length + 2 && word.endsWith(suffix)) {
      const stem = word.slice(0, -suffix.length);
      for (const end of add.length > 0 ? add : [""]) forms.push(stem + end);
    }
  };
  strip("ies", "y");
  strip("es");
  strip("s");
  strip("ied", "y");
  strip("ed", "", "e");
  strip("ing", "", "e");
  strip("ly");
  strip("er");
  strip("est");
  // Doubled final consonants: `planned` -> `plan`.
  for (const form of [...forms]) if (/([b-df-hj-np-tv-z])\1$/.test(form)) forms.push(form.slice(0, -1));
  return [...new Set(forms)];
}

/**
 * The standard spelling changes of English loanwords in Indonesian (`technology` -> `teknologi`,
 * `promotion` -> `promosi`, `university` -> `universitas`), for words the dictionary lacks.
 */
export function indonesianSpelling(word: string): string {
  return word
    .replace(/[ts]ion$/, "si")
    .replace(/[ts]ion(?=[a-z])/g, "sion")
    .replace(/ty$/, "tas")
    .replace(/ph/g, "f")
    .replace(/th/g, "t")
    .replace(/ch/g, "k")
    .replace(/qu/g, "kw")
    .replace(/x/g, "ks")
    .replace(/c(?=[eiy])/g, "s")
    .replace(/c/g, "k")
    .replace(/y$/, "i")
    .replace(/y/g, "i")
    .replace(/([b-df-hj-np-tv-z])\1/g, "$1");
}

/** Indonesian words for an English word: its dictionary translations, else its loanword spelling. */
export function translateEnglish(word: string): string[] {
  const lemmas = englishLemmas(word);
  for (const lemma of lemmas) {
    const translations = Object.hasOwn(LEXICON, lemma) ? LEXICON[lemma] : undefined;
    if (translations) return translations.slice(0, MAX_TRANSLATIONS);
  }
  const spelled = indonesianSpelling(lemmas.at(-1) ?? word);
  return spelled !== word ? [spelled] : [];
}
