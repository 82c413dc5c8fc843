import { BoundedCache } from "../bounded-cache.js";
import type { Passage } from "../corpus/types.js";
import type { Analyzer } from "./analyzer.js";
import { type AnswerType, hasEvidence } from "./answer-type.js";
import { isOneTypoAway } from "./edit-distance.js";
import type { QueryWord } from "./query.js";

/** What a passage is worth for a question beyond its BM25 score. Each is a share from 0 to 1. */
export interface PassageFeatures {
  /** The question's words the passage holds (by term, stem or near form), weighted by rarity. */
  coverage: number;
  /** The question's consecutive word pairs that stand side by side in the passage, weighted by rarity. */
  proximity: number;
  /** 1 when the question asks for a kind of answer (a number, a time...) and the passage holds one. */
  answerType: number;
  /** The weight of the rarest question word the passage lacks, as a share of the rarest word's (0: none lacking). */
  rarestMissing: number;
}

/** A question made ready to be compared with many passages. */
export interface PreparedQuestion {
  /** Per question word: its terms, then their stems. */
  forms: readonly (readonly string[])[];
  /** Per question word: how much it counts (its rarity). */
  weights: readonly number[];
  totalWeight: number;
  maxWeight: number;
  /** Per pair of consecutive words: the "a b" stem pairs that would stand side by side, and its weight. */
  pairs: readonly { keys: readonly string[]; weight: number }[];
  totalPairWeight: number;
  wanted: AnswerType | undefined;
}

interface PassageTerms {
  /** Each pair of neighbouring stems in the paragraph and its heading, as "a b". */
  adjacent: ReadonlySet<string>;
  /** Its stems and its terms. */
  forms: ReadonlySet<string>;
  /** The same, grouped by first letter. */
  byInitial: ReadonlyMap<string, readonly string[]>;
  /** Whether it holds each kind of answer, found out when first asked. */
  evidence: Map<AnswerType, boolean>;
}

/** Passages remembered with their terms: enough for the candidates of many recent questions. */
const CACHE_LIMIT = 2_000;

/**
 * A question word the passage holds in a form the analyzer did not fold: with one typo
 * (`sekolh`), or as a longer or shorter form of the same stem (`dipromosiin`/`promosi`).
 */
function isNearlyHeld(forms: readonly string[], byInitial: ReadonlyMap<string, readonly string[]>): boolean {
  for (const form of forms) {
    // A typo in the first letter is rare; comparing only words with the same initial keeps this cheap.
    for (const other of byInitial.get(form[0] ?? "") ?? []) {
      if (isOneTypoAway(form, other)) return true;
      const close = form.length >= 5 && other.length >= 5 && Math.abs(form.length - other.length) <= 4;
      if (close && (form.startsWith(other) || other.startsWith(form))) return true;
    }
  }
  return false;
}

/**
 * Computes passage features from each passage's terms and stems. Those are cached because the
 * same passages come back for related questions; the cache is bounded so memory stays flat.
 */
export class FeatureExtractor {
  private readonly passages = new BoundedCache<string, PassageTerms>(CACHE_LIMIT);

  constructor(
    private readonly analyzer: Analyzer,
    /** How much a term counts: its rarity in the corpus, less for framing words. */
    private readonly weight: (term: string) => number,
  ) {}

  prepare(words: readonly QueryWord[], wanted: AnswerType | undefined): PreparedQuestion {
    const stems = words.map((w) => w.terms.map((t) => this.analyzer.stem(t)));
    const forms = words.map((w, i) => [...new Set([...w.terms, ...(stems[i] ?? [])])]);
    const weights = words.map((w) => Math.min(...w.terms.map((t) => this.weight(t))));
    const pairs = words.slice(1).map((_, i) => ({
      keys: (stems[i] ?? []).flatMap((a) => (stems[i + 1] ?? []).map((b) => `${a} ${b}`)),
      weight: Math.min(weights[i] as number, weights[i + 1] as number),
    }));
    const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);
    return {
      forms,
      weights,
      totalWeight: sum(weights),
      maxWeight: Math.max(0, ...weights),
      pairs,
      totalPairWeight: sum(pairs.map((p) => p.weight)),
      wanted,
    };
  }

  /** `matched` are the question terms the index matched in the passage (typo-tolerant). */
  features(question: PreparedQuestion, matched: readonly string[], passage: Passage): PassageFeatures {
    const terms = this.terms(passage);
    const matchedSet = new Set(matched);
    let covered = 0;
    let rarestMissing = 0;
    question.forms.forEach((forms, i) => {
      const held =
        forms.some((f) => matchedSet.has(f) || terms.forms.has(f)) || isNearlyHeld(forms, terms.byInitial);
      const weight = question.weights[i] as number;
      if (held) covered += weight;
      else rarestMissing = Math.max(rarestMissing, weight);
    });
    let pairsFound = 0;
    for (const pair of question.pairs) {
      if (pair.keys.some((key) => terms.adjacent.has(key))) pairsFound += pair.weight;
    }
    return {
      coverage: question.totalWeight === 0 ? 0 : covered / question.totalWeight,
      proximity: question.totalPairWeight === 0 ? 0 : pairsFound / question.totalPairWeight,
      answerType: question.wanted && this.holds(terms, question.wanted, passage) ? 1 : 0,
      rarestMissing: question.maxWeight === 0 ? 0 : rarestMissing / question.maxWeight,
    };
  }

  private holds(terms: PassageTerms, type: AnswerType, passage: Passage): boolean {
    let found = terms.evidence.get(type);
    if (found === undefined) {
      found = hasEvidence(type, passage.text);
      terms.evidence.set(type, found);
    }
    return found;
  }

  private terms(passage: Passage): PassageTerms {
    let cached = this.passages.get(passage.id);
    if (!cached) {
      const terms = this.analyzer.terms(`${passage.section ?? ""} ${passage.text}`);
      const stems = terms.map((t) => this.analyzer.stem(t));
      // Words and stems both: Snowball stems `industri` to `industr` but `perindustrian` to `industri`.
      const forms = new Set([...stems, ...terms]);
      const byInitial = new Map<string, string[]>();
      for (const form of forms) {
        const initial = form[0] ?? "";
        const group = byInitial.get(initial);
        if (group) group.push(form);
        else byInitial.set(initial, [form]);
      }
      const adjacent = new Set(stems.slice(1).map((stem, i) => `${stems[i]} ${stem}`));
      cached = { adjacent, forms, byInitial, evidence: new Map() };
      this.passages.set(passage.id, cached);
    }
    return cached;
  }
}
