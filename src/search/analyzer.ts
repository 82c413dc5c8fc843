import { stemmer } from "@orama/stemmers/indonesian";
import { BoundedCache } from "../bounded-cache.js";
import { standardWord } from "./informal-id.js";
import { normalizeNumeral, numberWordDigits } from "./numbers.js";
import {
  ENGLISH_STOPWORDS,
  FRAME_WORD_WEIGHT,
  MEANINGFUL_STOPWORDS,
  QUESTION_FRAME_WORDS,
  QUESTION_WORDS,
  STOPWORDS,
} from "./stopwords.js";

/** Each step can be switched off so `npm run eval` can measure what it adds. */
export interface AnalyzerOptions {
  /** Drop Indonesian function words (the stopwords-iso `id` list, as the `stopword` package ships it). */
  stopwords: boolean;
  /** Drop English function words too (`how`, `the`, `of`), for English questions and English names. */
  englishStopwords: boolean;
  /** Keep the stopwords that name time, size, order or place: they answer questions here. */
  keepMeaningfulStopwords: boolean;
  /** `negara-negara` -> `negara`. */
  reduplication: boolean;
  /** `hilangnya` -> `hilang`; `siapakah` -> `siapa`. */
  particles: boolean;
  /** Chat spellings and abbreviations: `yg` -> `yang`, `brp` -> `berapa`. */
  informal: boolean;
  /** `seribu`, `thousand`, `1.000` -> `1000`. */
  numbers: boolean;
  /** Translate English questions' content words into Indonesian (a FreeDict-derived lexicon). */
  english: boolean;
  /** In an Indonesian question, also translate English words the corpus lacks (`training`, `leader`). */
  codeSwitching: boolean;
  /** Count question-framing words (`nama`, `pengertian`, `letak`) for less than the subject's words. */
  frameWords: boolean;
  /** Let a word's Snowball stem count when judging whether a passage covers the question (`dicetak` ~ `mencetak`). */
  stemming: boolean;
}

export const DEFAULT_ANALYZER_OPTIONS: Readonly<AnalyzerOptions> = {
  stopwords: true,
  englishStopwords: true,
  keepMeaningfulStopwords: true,
  reduplication: true,
  particles: true,
  informal: true,
  numbers: true,
  english: true,
  codeSwitching: true,
  frameWords: true,
  stemming: true,
};

/** Numbers (kept whole, `1.000`, `8,1`) or words, possibly hyphenated (`negara-negara`, `e-commerce`). */
const TOKEN = /\p{N}+(?:[.,]\p{N}+)+|[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*/gu;
const PARTICLE = /(?:nya|kah|lah|pun)$/;
/** Words remembered with their terms and stems. */
const MEMO_LIMIT = 50_000;

/**
 * Folds case, diacritics and apostrophes (`Singles'`, `Single’s` -> `singles`), and drops invisible
 * format characters (zero-width space and joiners, soft hyphen, BOM, bidi marks: Unicode's Cf), which
 * copy-paste leaves inside words and which would otherwise split them.
 */
export function normalizeText(text: string): string {
  return text
    .replace(/\p{Cf}+/gu, "")
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/['’‘`´]/g, "");
}

export function tokenize(text: string): string[] {
  return normalizeText(text).match(TOKEN) ?? [];
}

/** Turns text into index terms; the same analysis runs on passages and on questions. */
export class Analyzer {
  readonly options: Readonly<AnalyzerOptions>;
  private readonly memo = new BoundedCache<string, readonly string[]>(MEMO_LIMIT);
  private readonly stems = new BoundedCache<string, string>(MEMO_LIMIT);

  constructor(options: Partial<AnalyzerOptions> = {}) {
    this.options = { ...DEFAULT_ANALYZER_OPTIONS, ...options };
  }

  /** The terms of one token (`negara-negara` -> [`negara`]; a stopword -> []). */
  termsOf(token: string): readonly string[] {
    let terms = this.memo.get(token);
    if (terms === undefined) {
      terms = this.analyzeToken(token);
      this.memo.set(token, terms);
    }
    return terms;
  }

  /** All terms of a text, in order, repeats kept. */
  terms(text: string): string[] {
    return tokenize(text).flatMap((token) => this.termsOf(token));
  }

  /** The Snowball stem of an analyzed term, or the term itself when stemming is off. */
  stem(term: string): string {
    if (!this.options.stemming || /^\d/.test(term)) return term;
    let stem = this.stems.get(term);
    if (stem === undefined) {
      stem = stemmer(term);
      if (stem.length < 3) stem = term;
      this.stems.set(term, stem);
    }
    return stem;
  }

  /** How much a question term counts: less for words that only frame the question. */
  questionWeight(term: string): number {
    return this.options.frameWords && QUESTION_FRAME_WORDS.has(term) ? FRAME_WORD_WEIGHT : 1;
  }

  isStopword(word: string): boolean {
    if (!this.options.stopwords) return false;
    if (QUESTION_WORDS.has(word)) return true;
    if (this.options.englishStopwords && ENGLISH_STOPWORDS.has(word)) return true;
    if (!STOPWORDS.has(word)) return false;
    return !(this.options.keepMeaningfulStopwords && MEANINGFUL_STOPWORDS.has(word));
  }

  /** A hyphenated token is one word when reduplicated (`negara-negara`), else its parts (`e-commerce`). */
  private wordsOf(token: string): string[] {
    const parts = token.split("-");
    const [first, second] = parts;
    const reduplicated =
      parts.length === 2 &&
      first !== undefined &&
      second !== undefined &&
      (first === second || first.endsWith(second));
    return this.options.reduplication && reduplicated ? [first] : parts;
  }

  private analyzeToken(token: string): string[] {
    if (!token.includes("-")) return this.analyzeWord(token);
    return this.wordsOf(token).flatMap((word) => this.analyzeWord(word));
  }

  private analyzeWord(raw: string): string[] {
    let word = raw;
    if (/^\p{N}/u.test(word)) return [normalizeNumeral(word)];
    if (this.options.informal) word = standardWord(word) ?? word;
    if (!word) return [];
    if (this.options.numbers) {
      const digits = numberWordDigits(word);
      if (digits !== undefined) return [digits];
    }
    if (this.isStopword(word)) return [];
    if (this.options.particles) word = this.stripParticle(word);
    if (word.length < 2 || this.isStopword(word)) return [];
    return [word];
  }

  /** `-nya` is a clitic on content words; `-kah`, `-lah`, `-pun` are only stripped to reveal a function word, since `sekolah` or `langkah` merely end like one. */
  private stripParticle(word: string): string {
    const match = PARTICLE.exec(word);
    if (!match) return word;
    const stem = word.slice(0, match.index);
    if (match[0] === "nya") return stem.length >= 4 ? stem : word;
    return STOPWORDS.has(stem) ? stem : word;
  }
}
