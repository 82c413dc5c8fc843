import lexicon from "./data/en-id.json" with { type: "json" };
import wordnetLexicon from "./data/en-id-wordnet.json" with { type: "json" };
import { ENGLISH_STOPWORDS, STOPWORDS } from "./stopwords.js";

type Lexicon = Readonly<Record<string, readonly string[]>>;
/** FreeDict's translations, which list a word's common senses first (see data/README.md). */
const LEXICON: Lexicon = lexicon;
/** Princeton WordNet joined with Wordnet Bahasa: many more headwords, noisier translations. */
const WORDNET: Lexicon = wordnetLexicon;
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

function lookUp(table: Lexicon, lemma: string): readonly string[] {
  return Object.hasOwn(table, lemma) ? (table[lemma] ?? []) : [];
}

/** Shorter words are mostly names and abbreviations to WordNet (`ma`: Master of Arts). */
const MIN_WORDNET_LENGTH = 4;

/** An English word's translations and the dictionary they came from. */
interface Found {
  translations: string[];
  from: "freedict" | "wordnet" | undefined;
  /** The form of the word the dictionary had (`seen` for `seen`, `leader` for `leaders`). */
  lemma: string | undefined;
}

function lookUpWord(word: string): Found {
  // The word as written before a guessed lemma (`leader` before `lead`), FreeDict before WordNet.
  for (const lemma of englishLemmas(word)) {
    const free = lookUp(LEXICON, lemma);
    if (free.length > 0) return { translations: free.slice(0, MAX_TRANSLATIONS), from: "freedict", lemma };
    if (word.length < MIN_WORDNET_LENGTH) continue;
    const wordnet = lookUp(WORDNET, lemma);
    if (wordnet.length > 0)
      return { translations: wordnet.slice(0, MAX_TRANSLATIONS), from: "wordnet", lemma };
  }
  return { translations: [], from: undefined, lemma: undefined };
}

/**
 * The dictionaries' translations of an English word: FreeDict's for the first of its forms that either
 * dictionary has, else WordNet's (`seen`, `leader`, `tycoon`); [] when neither has it. WordNet is not
 * added to FreeDict's translations: its rarer senses cost the golden English questions hit@1
 * (0.882 -> 0.824) and abstention on unanswerable ones (73% -> 62%).
 */
export function dictionaryTranslations(word: string): string[] {
  return lookUpWord(word).translations;
}

/**
 * Indonesian words for an English word: FreeDict's translations; else WordNet's with the loanword
 * spelling beside them (`deficit` -> `defisit`, `kekurangan`); else the loanword spelling alone.
 */
export function translateEnglish(word: string): string[] {
  const { translations, from, lemma } = lookUpWord(word);
  if (from === "freedict") return translations;
  const spelled = indonesianSpelling(lemma ?? englishLemmas(word).at(-1) ?? word);
  const loanword = spelled !== word ? [spelled] : [];
  return [...new Set([...loanword, ...translations])].slice(0, MAX_TRANSLATIONS);
}
