import MiniSearch, { type AsPlainObject, type Options, type Query, type SearchResult } from "minisearch";
import type SearchableMap from "minisearch/SearchableMap";
import { BoundedCache } from "../bounded-cache.js";
import { ConfigError } from "../config.js";
import type { Article, Passage } from "../corpus/types.js";
import { Analyzer, type AnalyzerOptions, tokenize } from "./analyzer.js";
import { answerTypeOf } from "./answer-type.js";
import {
  type ConfidenceModel,
  type ConfidenceSignals,
  confidenceOf,
  type Tier,
  tierOf,
  validateConfidenceModel,
} from "./confidence.js";
import shippedModel from "./data/confidence-model.json" with { type: "json" };
import { FeatureExtractor, type PassageFeatures, type PreparedQuestion } from "./features.js";
import { parseQuestion, type QueryWord } from "./query.js";

/** How passages are ranked and when the bot declines to answer. Switchable for `npm run eval`. */
export interface RankingOptions {
  /** Typo tolerance for words long enough not to collide with unrelated short words. */
  fuzzy: boolean;
  /** `sekolah` also finds `sekolahnya`. Off: it measured no gain (TyDi 0.913 without, 0.912 with). */
  prefix: boolean;
  /** Weight of a match in the section heading relative to one in the paragraph. */
  sectionBoost: number;
  /** Weight of a match in the article title. */
  titleBoost: number;
  /** How many of the best BM25 passages are re-ranked with the features below. */
  rerankDepth: number;
  /** Weight of coverage (question words held, by rarity) added to the BM25 score scaled to 0..1. */
  coverageWeight: number;
  /** Weight of proximity (question word pairs side by side in the passage). */
  proximityWeight: number;
  /** Weight of holding the kind of answer the question word asks for (berapa: a number; kapan: a time). */
  answerTypeWeight: number;
  /** Share of the question's content (weighted by rarity) the best passage must cover to be quoted at all. */
  minCoverage: number;
}

export const DEFAULT_RANKING_OPTIONS: Readonly<RankingOptions> = {
  fuzzy: true,
  prefix: false,
  sectionBoost: 1.5,
  titleBoost: 1,
  rerankDepth: 20,
  coverageWeight: 1,
  proximityWeight: 0.2,
  answerTypeWeight: 0.3,
  minCoverage: 0.3,
};

/** The answerability model `npm run train` fits on the training splits (src/search/data/confidence-model.json). */
export const SHIPPED_CONFIDENCE_MODEL: ConfidenceModel = shippedModel;

export interface KnowledgeBaseOptions {
  analyzer?: Partial<AnalyzerOptions>;
  ranking?: Partial<RankingOptions>;
  /** Decides the answer's tier; the shipped model by default. */
  confidence?: ConfidenceModel;
}

export interface Hit {
  passage: Passage;
  score: number;
  /** Words of the passage that matched the question, for highlighting. */
  matchedTerms: string[];
}

export interface Answer {
  question: string;
  /** True only in the "answer" tier: the best passage is quoted as the answer. */
  answered: boolean;
  /** "answer": quote it; "maybe": quote it as uncertain; "none": the corpus does not answer, `results` are suggestions. */
  tier: Tier;
  /** The probability, from the confidence model, that the best passage answers the question. */
  confidence: number;
  /** Best first. */
  results: Hit[];
  /** The share of the question's content, weighted by rarity, that the best passage covers (0 to 1). */
  coverage: number;
  /** What the confidence was computed from (undefined when nothing was searched). */
  signals?: ConfidenceSignals;
  /** The terms searched for (translations included), for highlighting. */
  queryTerms: string[];
}

/** A built index as plain data: MiniSearch's own form and the document frequencies. */
export interface IndexSnapshot {
  index: AsPlainObject;
  documentFrequency: [string, number][];
}

export const DEFAULT_TOP = 3;
/** Longer input is cut: every transport accepts arbitrary text, and search time grows with it. */
export const MAX_QUESTION_CHARS = 1_000;
export const MAX_QUESTION_WORDS = 32;
/** A term in more passages than this share of the corpus, and than COMMON_TERM_MIN_PASSAGES, is common. */
const COMMON_TERM_SHARE = 0.01;
const COMMON_TERM_MIN_PASSAGES = 200;
/**
 * Question words looked up with typos: the rarest few (a misspelt word, unknown to the corpus,
 * comes first), and at most so many of their terms (an English word brings its translations).
 */
export const MAX_FUZZY_WORDS = 6;
const MAX_FUZZY_TERMS = 24;
/** No word is longer; the edit-distance table of a typo lookup grows with the word's length squared. */
const MAX_FUZZY_TERM_LENGTH = 32;
/**
 * Passages looked up per question (the document frequencies of the terms searched, summed), as a
 * multiple of the common-term limit: past it, the least useful lookups (the most common, typo'd
 * forms last) are left out. The two rarest terms are always looked up.
 */
const POSTINGS_BUDGET_FACTOR = 8;
/** Question words whose typo'd forms are remembered (each a short list of terms). */
const TYPO_MEMO_LIMIT = 10_000;
/** What MiniSearch weighs a typo'd match by (its `weights.fuzzy` default), kept when expanding typos here. */
const FUZZY_WEIGHT = 0.45;
/** And a completion of the word being typed (its `weights.prefix` default). */
const PREFIX_WEIGHT = 0.375;
/** Autocomplete: distinct words looked at (the last ones typed), and completions tried for the last one. */
export const MAX_SUGGEST_TERMS = 8;
const MAX_COMPLETIONS = 12;
/** Vocabulary entries scanned for completions of the word being typed (a one-letter prefix has thousands). */
const MAX_COMPLETION_SCAN = 5_000;

/** A passage being re-ranked, with what the confidence model reads of it. */
interface Candidate {
  hit: Hit;
  features: PassageFeatures;
  bm25: number;
  wanted: boolean;
}

const SOFTMAX_TEMPERATURE = 0.2;

interface IndexedPassage {
  id: string;
  text: string;
  section: string;
  title: string;
}

/** Edit distance allowed for a question word: none for short words, where one typo makes another word. */
function fuzziness(term: string): number | false {
  if (term.length < 5 || term.length > MAX_FUZZY_TERM_LENGTH || /^\d+$/.test(term)) return false;
  return term.length < 9 ? 1 : 2;
}

/**
 * One term looked up in the index for a question's term (`source`): the term itself, a form of it
 * with a typo (`pelatihan` for `pelatihn`), or a completion of the word being typed.
 */
interface Lookup {
  term: string;
  source: string;
  /** 1 for the term itself; MiniSearch's weighting of a fuzzy or prefix match otherwise. */
  weight: number;
  /** Passages holding the term: what looking it up costs. */
  df: number;
  /** Edit distance from the source (0 for the term itself and for completions). */
  distance: number;
}

/** What questions and autocompletes have cost so far: counts, not time, so tests can bound them. */
export interface SearchWork {
  searches: number;
  /** Passages looked up: the document frequency of every term searched, summed. */
  postings: number;
  /** Question words whose typo'd forms were looked for. */
  fuzzyWords: number;
  /** Terms handed to MiniSearch, exact and typo'd. */
  termsSearched: number;
}

/**
 * What MiniSearch 7.2.0 keeps for each term in its tree (its FieldTermData, not exported): field id
 * to document short id to the term's frequency there. Never read here; it types the tree exactly.
 */
type TermData = Map<number, Map<number, number>>;

/** The slice of MiniSearch's term tree (a SearchableMap) read here: typo and completion candidates. */
type Vocabulary = Pick<SearchableMap<TermData>, "fuzzyGet" | "atPrefix" | "keys">;

/**
 * MiniSearch's term tree is not what this code reads (a minisearch other than the pinned 7.2.0).
 * A configuration problem: the fix is installing the pinned version (`npm ci`), not the code.
 */
export class MiniSearchShapeError extends ConfigError {
  constructor(detail: string) {
    super([`MiniSearch's internal index changed shape: pin minisearch to 7.2.0 and run npm ci (${detail})`]);
  }
}

/** The lookups of the two rarest distinct terms (a term a typo of several words is looked up once). */
function rarestTwo(lookups: readonly Lookup[]): Lookup[] {
  const byTerm = new Map<string, Lookup>();
  for (const lookup of [...lookups].sort((a, b) => a.df - b.df || a.distance - b.distance)) {
    if (!byTerm.has(lookup.term)) byTerm.set(lookup.term, lookup);
  }
  return [...byTerm.values()].slice(0, 2);
}

function isTermTree(value: unknown): value is Vocabulary {
  return (
    typeof value === "object" &&
    value !== null &&
    ["fuzzyGet", "atPrefix", "keys"].every((name) => typeof Reflect.get(value, name) === "function")
  );
}

/**
 * MiniSearch's own term tree, so typo'd forms are found without a second copy of the vocabulary.
 * It is not public API: checked here, so an upgrade that changes it fails at start-up, not per
 * question (a `fuzzyGet` giving other than `[value, distance]` would make every typo's weight NaN).
 */
function vocabularyOf(index: MiniSearch<IndexedPassage>): Vocabulary {
  const tree: unknown = Reflect.get(index, "_index");
  if (!isTermTree(tree)) throw new MiniSearchShapeError("it no longer keeps its terms in _index");
  // A term the tree holds, looked up with no typo allowed, must come back as [value, 0].
  const probe: unknown = tree.keys().next().value;
  if (probe === undefined) return tree; // Nothing indexed, so nothing to look up either.
  if (typeof probe !== "string") throw new MiniSearchShapeError("its term tree's keys are not strings");
  const results: unknown = tree.fuzzyGet(probe, 0);
  const entry: unknown = results instanceof Map ? results.get(probe) : undefined;
  if (!Array.isArray(entry) || entry.length !== 2 || entry[1] !== 0) {
    throw new MiniSearchShapeError(`fuzzyGet(term, 0) no longer gives [value, 0] for an indexed term`);
  }
  return tree;
}

/** The corpus's passages, indexed for questions. Holds each passage's text once. */
export class KnowledgeBase {
  readonly analyzer: Analyzer;
  readonly ranking: Readonly<RankingOptions>;
  readonly confidence: ConfidenceModel;
  private readonly passages = new Map<string, Passage>();
  /** Passages in corpus order; a passage's position here is its short, stable-per-version ordinal. */
  private readonly ordered: Passage[] = [];
  private readonly ordinals = new Map<string, number>();
  private readonly documentFrequency: Map<string, number>;
  private readonly index: MiniSearch<IndexedPassage>;
  private readonly vocabulary: Vocabulary;
  private readonly features: FeatureExtractor;
  private readonly counted: SearchWork = { searches: 0, postings: 0, fuzzyWords: 0, termsSearched: 0 };
  /** The typo'd forms of a question word, by word: words recur across questions, and the index never changes. */
  private readonly typos = new BoundedCache<string, readonly (readonly [string, number])[]>(TYPO_MEMO_LIMIT);

  /** Builds the index, or loads it from a snapshot of the same passages made by `toSnapshot`. */
  constructor(passages: readonly Passage[], options: KnowledgeBaseOptions = {}, snapshot?: IndexSnapshot) {
    this.analyzer = new Analyzer(options.analyzer);
    this.ranking = { ...DEFAULT_RANKING_OPTIONS, ...options.ranking };
    this.confidence = validateConfidenceModel(options.confidence ?? SHIPPED_CONFIDENCE_MODEL);
    const analyzer = this.analyzer;
    // Collects the distinct terms of the passage being added, for document frequencies.
    let termsOfPassage: Set<string> | undefined;
    const indexOptions: Options<IndexedPassage> = {
      // A field weighted 0 still reports its matches, which would count towards coverage.
      // MiniSearch reads a boost of 0 as 1, so a field switched off is left out instead.
      fields: this.ranking.titleBoost > 0 ? ["text", "section", "title"] : ["text", "section"],
      storeFields: [],
      tokenize,
      processTerm: (token) => {
        const terms = analyzer.termsOf(token);
        for (const term of terms) termsOfPassage?.add(term);
        return [...terms];
      },
    };
    for (const passage of passages) {
      if (this.passages.has(passage.id)) throw new Error(`duplicate passage id ${passage.id}`);
      this.passages.set(passage.id, passage);
      this.ordinals.set(passage.id, this.ordered.length);
      this.ordered.push(passage);
    }
    if (snapshot) {
      this.index = MiniSearch.loadJS(snapshot.index, indexOptions);
      this.documentFrequency = new Map(snapshot.documentFrequency);
    } else {
      this.index = new MiniSearch<IndexedPassage>(indexOptions);
      this.documentFrequency = new Map();
      for (const passage of passages) {
        termsOfPassage = new Set();
        // The passage's text is held once, in `passages`; the index keeps only terms.
        this.index.add({
          id: passage.id,
          text: passage.text,
          section: passage.section ?? "",
          title: passage.articleTitle,
        });
        for (const term of termsOfPassage) {
          this.documentFrequency.set(term, (this.documentFrequency.get(term) ?? 0) + 1);
        }
      }
      termsOfPassage = undefined;
    }
    if (this.index.documentCount !== this.passages.size) {
      throw new Error(`index holds ${this.index.documentCount} passages, the corpus ${this.passages.size}`);
    }
    this.vocabulary = vocabularyOf(this.index);
    this.features = new FeatureExtractor(analyzer, (term) => this.idf(term) * analyzer.questionWeight(term));
  }

  /** What the searches so far have cost (questions and autocompletes). */
  get work(): Readonly<SearchWork> {
    return { ...this.counted };
  }

  /** The built index, to be written to disk and loaded by the constructor instead of rebuilding. */
  toSnapshot(): IndexSnapshot {
    return { index: this.index.toJSON(), documentFrequency: [...this.documentFrequency] };
  }

  static fromArticles(articles: readonly Article[], options: KnowledgeBaseOptions = {}): KnowledgeBase {
    return new KnowledgeBase(
      articles.flatMap((a) => a.passages),
      options,
    );
  }

  get passageCount(): number {
    return this.passages.size;
  }

  passage(id: string): Passage | undefined {
    return this.passages.get(id);
  }

  /** A small number for a passage, to fit many into a Discord button id (100 characters). */
  ordinalOf(id: string): number | undefined {
    return this.ordinals.get(id);
  }

  passageAt(ordinal: number): Passage | undefined {
    return this.ordered[ordinal];
  }

  /** Rarity of a term in the corpus (BM25's idf); a term the corpus lacks is the rarest of all. */
  idf(term: string): number {
    const n = this.passages.size;
    const df = this.documentFrequency.get(term) ?? 0;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  ask(question: string, top = DEFAULT_TOP): Answer {
    // A question is a sentence or two; a pasted essay must not cost seconds (nor pass for a question).
    const asked = question.slice(0, MAX_QUESTION_CHARS);
    const words = parseQuestion(
      this.analyzer,
      asked,
      (term) => this.documentFrequency.has(term),
      MAX_QUESTION_WORDS,
    );
    const boosts = this.termBoosts(words);
    const queryTerms = [...boosts.keys()];
    const nothing: Answer = {
      question,
      answered: false,
      tier: "none",
      confidence: 0,
      results: [],
      coverage: 0,
      queryTerms,
    };
    if (queryTerms.length === 0) return nothing;

    const found = this.search(
      this.plan(
        this.searchable(queryTerms),
        words.map((w) => w.terms),
      ),
      boosts,
      "OR",
    );
    const tokens = tokenize(asked);
    const ranked = this.rerank(this.features.prepare(words, answerTypeOf(tokens)), found);
    const best = ranked[0];
    if (best === undefined) return nothing;
    // Words the index matched with a typo (`singels`) are known to the corpus as much as exact ones.
    // Only terms the corpus lacks need looking for, and a large corpus returns thousands of results.
    const unknown = queryTerms.some((t) => !this.documentFrequency.has(t));
    const matched: ReadonlySet<string> = unknown ? new Set(found.flatMap((r) => r.queryTerms)) : new Set();
    const signals = this.signals(words, best, ranked, matched);
    const confidence = confidenceOf(this.confidence, signals);
    const tier = tierOf(this.confidence, confidence, signals.coverage, this.ranking.minCoverage);
    const results = ranked.slice(0, Math.max(1, top)).map(({ hit }) => hit);
    return {
      question,
      answered: tier === "answer",
      tier,
      confidence,
      results,
      coverage: signals.coverage,
      signals,
      queryTerms,
    };
  }

  /** What the confidence model reads: how well the best candidate fits, and how far it leads. */
  private signals(
    words: readonly QueryWord[],
    best: Candidate,
    ranked: readonly Candidate[],
    matched: ReadonlySet<string>,
  ): ConfidenceSignals {
    const second = ranked[1];
    const scores = ranked.map((c) => c.hit.score);
    const top = best.hit.score;
    // Scores are sums of shares (about 0 to 2.5); a fixed temperature keeps the softmax comparable across corpora.
    const softmaxTotal = scores.reduce((sum, s) => sum + Math.exp((s - top) / SOFTMAX_TEMPERATURE), 0);
    let known = 0;
    let total = 0;
    for (const word of words) {
      // parseQuestion never returns a word without terms, so the minimum is over at least one.
      const weight = Math.min(...word.terms.map((t) => this.idf(t) * this.analyzer.questionWeight(t)));
      total += weight;
      if (word.terms.some((t) => matched.has(t) || this.documentFrequency.has(t))) known += weight;
    }
    return {
      coverage: best.features.coverage,
      secondCoverage: second?.features.coverage ?? 0,
      proximity: best.features.proximity,
      rarestMissing: best.features.rarestMissing,
      // What the best passage holds is known to the corpus, typo'd or in another form (`singels`).
      knownShare: Math.max(best.features.coverage, total === 0 ? 0 : known / total),
      score: top,
      margin: top - (scores[1] ?? 0),
      softmax: 1 / softmaxTotal,
      bm25: Math.log1p(best.bm25),
      answerTypeWanted: best.wanted ? 1 : 0,
      answerTypeFound: best.features.answerType,
      words: Math.log1p(words.length),
    };
  }

  /**
   * The terms worth looking up in the index. In a large corpus a term found in thousands of
   * passages (`tahun`, `indonesia`) costs most of a query's time and barely moves BM25, so it is
   * left to re-ranking, which still counts it in coverage. The rarest terms are always kept.
   */
  private searchable(terms: readonly string[]): string[] {
    const df = (t: string): number => this.documentFrequency.get(t) ?? 0;
    const limit = this.commonLimit();
    const byRarity = [...terms].sort((a, b) => df(a) - df(b));
    const rare = byRarity.filter((t) => df(t) <= limit);
    return rare.length >= 2 ? rare : byRarity.slice(0, Math.max(rare.length, 2));
  }

  /** Passages a term may be in and still be worth looking up (see `searchable`). */
  private commonLimit(): number {
    return Math.max(COMMON_TERM_MIN_PASSAGES, COMMON_TERM_SHARE * this.passages.size);
  }

  /**
   * The lookups for the searched terms, rarest first: each term, then the typo'd forms of the
   * terms of the rarest few `words`, and completions of `completing` (the word being typed). A
   * misspelt word is unknown to the corpus, so it passes the common-term guard; the forms it
   * expands to are guarded here (`tahunn` must not cost what `tahun` was left out for). All of it
   * within a postings budget.
   */
  private plan(
    searched: readonly string[],
    words: readonly (readonly string[])[],
    completing?: string,
  ): Lookup[] {
    const df = (t: string): number => this.documentFrequency.get(t) ?? 0;
    const limit = this.commonLimit();
    const exact: Lookup[] = searched.map((term) => ({
      term,
      source: term,
      weight: 1,
      df: df(term),
      distance: 0,
    }));
    const extra: Lookup[] = [];
    if (completing !== undefined) extra.push(...this.completions(completing));
    if (this.ranking.fuzzy) {
      const fuzzable = words
        .map((terms) => terms.filter((t) => searched.includes(t) && fuzziness(t) !== false))
        .filter((terms) => terms.length > 0);
      const rarity = (terms: readonly string[]): number => Math.min(...terms.map(df));
      const fuzzedWords = fuzzable.sort((a, b) => rarity(a) - rarity(b)).slice(0, MAX_FUZZY_WORDS);
      const fuzzed = [...new Set(fuzzedWords.flat())].slice(0, MAX_FUZZY_TERMS);
      this.counted.fuzzyWords += fuzzedWords.length;
      const typos: Lookup[] = [];
      for (const source of fuzzed) {
        const prefixed = this.ranking.prefix && this.prefixes(source);
        for (const [term, distance] of this.typosOf(source)) {
          // MiniSearch scores a term that is also a completion as a completion, not as a typo.
          if (distance === 0 || (prefixed && term.startsWith(source))) continue;
          const weight = (FUZZY_WEIGHT * term.length) / (term.length + distance);
          typos.push({ term, source, weight, df: df(term), distance });
        }
      }
      const rare = typos.filter((l) => l.df <= limit);
      // Only when nothing else would find a passage: the rarest two, as the guard keeps for exact terms.
      const found = (l: Lookup): boolean => l.df > 0;
      const kept = exact.some(found) || extra.some(found) || rare.some(found) ? rare : rarestTwo(typos);
      extra.push(...kept.sort((a, b) => a.distance - b.distance || a.df - b.df));
    }
    const budget = POSTINGS_BUDGET_FACTOR * limit;
    const lookups: Lookup[] = [];
    let postings = 0;
    // A term the corpus lacks matches nothing as it is written (its typos are looked up above), so it
    // is not searched: a question of 32 made-up words costs no more than its typo lookups.
    const known = exact.filter((l) => l.df > 0 || this.ranking.prefix);
    for (const lookup of [...known.sort((a, b) => a.df - b.df), ...extra]) {
      if (lookups.length >= 2 && postings + lookup.df > budget) continue;
      lookups.push(lookup);
      postings += lookup.df;
    }
    this.counted.searches += 1;
    this.counted.postings += postings;
    this.counted.termsSearched += lookups.length;
    return lookups;
  }

  /** The most frequent words the corpus has that start with `prefix`, for the word being typed. */
  private completions(prefix: string): Lookup[] {
    if (prefix.length < 2) return [];
    const found: Lookup[] = [];
    let scanned = 0;
    for (const term of this.vocabulary.atPrefix(prefix).keys()) {
      if (scanned++ >= MAX_COMPLETION_SCAN) break;
      if (term === prefix) continue;
      const distance = term.length - prefix.length;
      const weight = (PREFIX_WEIGHT * term.length) / (term.length + 0.3 * distance);
      found.push({ term, source: prefix, weight, df: this.documentFrequency.get(term) ?? 0, distance: 0 });
    }
    return found.sort((a, b) => b.df - a.df).slice(0, MAX_COMPLETIONS);
  }

  /** The vocabulary's terms within the word's edit distance (itself included, at distance 0). */
  private typosOf(word: string): readonly (readonly [string, number])[] {
    let found = this.typos.get(word);
    if (found === undefined) {
      found = [...this.vocabulary.fuzzyGet(word, fuzziness(word) || 0)].map(
        ([term, [, distance]]) => [term, distance] as const,
      );
      this.typos.set(word, found);
    }
    return found;
  }

  /** Whether the `prefix` ranking option completes a question term (`sekolah` -> `sekolahnya`). */
  private prefixes(term: string): boolean {
    return term.length >= 4 && !/^\d+$/.test(term);
  }

  /**
   * Runs the lookups: per source term, its lookups with their weights; sources combined with
   * `combineWith`. Results read as MiniSearch's own fuzzy search gives them: `queryTerms` are the
   * question's terms (`pelatihn`, not `pelatihan`), and the score is multiplied by their count.
   */
  private search(
    lookups: readonly Lookup[],
    boosts: ReadonlyMap<string, number>,
    combineWith: "OR" | "AND",
  ): SearchResult[] {
    const bySource = new Map<string, Map<string, number>>();
    const sourcesOf = new Map<string, Set<string>>();
    for (const { term, source, weight } of lookups) {
      const weights = bySource.get(source) ?? new Map<string, number>();
      weights.set(term, Math.max(weight, weights.get(term) ?? 0));
      bySource.set(source, weights);
      const sources = sourcesOf.get(term) ?? new Set<string>();
      sources.add(source);
      sourcesOf.set(term, sources);
    }
    if (bySource.size === 0) return [];
    const queries: Query[] = [...bySource].map(([source, weights]) => ({
      queries: [[...weights.keys()].join(" ")],
      combineWith: "OR",
      boostTerm: (term: string) => (boosts.get(source) ?? 1) * (weights.get(term) ?? 0),
      prefix: (term: string) => this.ranking.prefix && term === source && this.prefixes(term),
    }));
    const results = this.index.search(
      { queries, combineWith },
      {
        boost: { text: 1, section: this.ranking.sectionBoost, title: this.ranking.titleBoost },
        fuzzy: false,
        // The query is already analyzed; MiniSearch must not analyze it a second time.
        tokenize: (text) => text.split(" "),
        processTerm: (term) => term,
      },
    );
    // A term looked up for several sources matched the same passages for each of them.
    for (const result of results) {
      const sources = new Set(result.queryTerms.flatMap((term) => [...(sourcesOf.get(term) ?? [term])]));
      result.score = (result.score / Math.max(1, result.queryTerms.length)) * Math.max(1, sources.size);
      result.queryTerms = [...sources];
    }
    return results.sort((a, b) => b.score - a.score);
  }

  /** Each term's weight in the search: a framing word counts less, and a word's alternatives share it. */
  private termBoosts(words: readonly QueryWord[]): Map<string, number> {
    const boosts = new Map<string, number>();
    for (const word of words) {
      const share = 1 / Math.sqrt(word.terms.length);
      for (const term of word.terms) {
        const boost = this.analyzer.questionWeight(term) * share;
        boosts.set(term, Math.max(boost, boosts.get(term) ?? 0));
      }
    }
    return boosts;
  }

  /**
   * Completions of a half-typed question from the corpus vocabulary, best first, as MiniSearch's
   * autoSuggest makes them (the matched words of passages holding every word typed), within the
   * same budget as a question: the last few distinct words, the most frequent completions of the
   * last one, typo'd forms guarded as in `plan`.
   */
  suggest(typed: string, limit: number): string[] {
    const tokens = tokenize(typed.slice(0, MAX_QUESTION_CHARS));
    const terms: string[] = [];
    // Distinct terms in the order last typed, so the word being typed stays last.
    for (const term of tokens.flatMap((token) => this.analyzer.termsOf(token)).reverse()) {
      if (terms.length >= MAX_SUGGEST_TERMS) break;
      if (!terms.includes(term)) terms.unshift(term);
    }
    const completing = terms.at(-1);
    if (completing === undefined) return [];
    // A suggestion's words come in the order their lookups are made: the order typed.
    const lookups = this.plan(
      this.searchable(terms),
      terms.map((t) => [t]),
      completing,
    ).sort((a, b) => terms.indexOf(a.source) - terms.indexOf(b.source));
    const suggestions = new Map<string, { score: number; count: number }>();
    for (const { score, terms: matched } of this.search(lookups, new Map(), "AND")) {
      const phrase = matched.join(" ");
      const suggestion = suggestions.get(phrase) ?? { score: 0, count: 0 };
      suggestion.score += score;
      suggestion.count += 1;
      suggestions.set(phrase, suggestion);
    }
    return [...suggestions]
      .map(([phrase, { score, count }]) => ({ phrase, score: score / count }))
      .sort((a, b) => b.score - a.score)
      .slice(0, limit)
      .map((s) => s.phrase);
  }

  /**
   * Re-orders the best BM25 passages by BM25 (scaled so the best is 1) plus how much of the
   * question each covers and how many of its word pairs it holds side by side.
   */
  private rerank(question: PreparedQuestion, found: readonly SearchResult[]): Candidate[] {
    const { rerankDepth, coverageWeight, proximityWeight, answerTypeWeight } = this.ranking;
    // MiniSearch multiplies a result's BM25 by how many query terms it matched, so three common
    // words outrank one rare one. Coverage weighs matches by rarity instead: undo the multiplier.
    const bm25 = (r: SearchResult): number => r.score / Math.max(1, r.queryTerms.length);
    const pool = [...found].sort((a, b) => bm25(b) - bm25(a));
    const topScore = pool[0] ? bm25(pool[0]) : 1;
    const candidates = pool.slice(0, Math.max(1, rerankDepth)).map((result) => {
      const hit = this.toHit(result);
      const features = this.features.features(question, result.queryTerms, hit.passage);
      const score =
        bm25(result) / topScore +
        coverageWeight * features.coverage +
        proximityWeight * features.proximity +
        answerTypeWeight * features.answerType;
      return { hit: { ...hit, score }, features, bm25: bm25(result), wanted: question.wanted !== undefined };
    });
    candidates.sort((a, b) => b.hit.score - a.hit.score);
    return candidates;
  }

  private toHit(result: SearchResult): Hit {
    const passage = this.passages.get(result.id as string);
    if (!passage) throw new Error(`index returned unknown passage ${String(result.id)}`);
    return { passage, score: result.score, matchedTerms: result.terms };
  }
}
