import type { Passage } from "../corpus/types.js";
import type { Analyzer } from "./analyzer.js";
import { type AnswerType, hasEvidence } from "./answer-type.js";
import { isOneTypoAway } from "./edit-distance.js";
import type { QueryWord } from "./query.js";

/** What a passage is worth for a question beyond its BM25 score. Both are shares from 0 to 1. */
export interface PassageFeatures {
  /** The question's words the passage holds (by term, typo-tolerant match, or stem), weighted by rarity. */
  coverage: number;
  /** The question's consecutive word pairs that stand side by side in the passage, weighted by rarity. */
  proximity: number;
  /** 1 when the question asks for a kind of answer (a number, a time...) and the passage holds one. */
  answerType: number;
}

const CACHE_LIMIT = 5_000;

interface PassageTerms {
  /** The stems of the paragraph and its section heading, in order, for proximity. */
  stems: string[];
  /** Its stems and its terms. */
  set: Set<string>;
  terms: Set<string>;
}

/**
 * Computes passage features from each passage's stem sequence. Sequences are cached because the
 * same few passages come back for related questions; the cache is bounded so memory stays flat.
 */
export class FeatureExtractor {
  private readonly sequences = new Map<string, PassageTerms>();

  constructor(
    private readonly analyzer: Analyzer,
    private readonly weight: (term: string) => number,
    /** Count a question word with one typo as held (`sekolh`, `singels`, `jak`). */
    private readonly typos = true,
  ) {}

  /** `weight` says how much each question word counts (its rarity); a word may have several terms. */
  features(
    words: readonly QueryWord[],
    matched: readonly string[],
    passage: Passage,
    wanted: AnswerType | undefined,
  ): PassageFeatures {
    const { stems, set, terms } = this.sequence(passage);
    const matchedSet = new Set(matched);
    const wordStems = words.map((w) => w.terms.map((t) => this.analyzer.stem(t)));
    const weights = words.map((w) => Math.min(...w.terms.map((t) => this.weight(t))));

    let total = 0;
    let covered = 0;
    words.forEach((word, i) => {
      const weight = weights[i] as number;
      total += weight;
      const held =
        word.terms.some((t) => matchedSet.has(t)) ||
        wordStems[i]?.some((s) => set.has(s)) ||
        word.terms.some((t) => set.has(t)) ||
        (this.typos && word.terms.some((t) => [...terms].some((p) => isOneTypoAway(t, p))));
      if (held) covered += weight;
    });

    let pairTotal = 0;
    let pairsFound = 0;
    if (words.length > 1) {
      const adjacent = new Set<string>();
      for (let i = 0; i + 1 < stems.length; i += 1) adjacent.add(`${stems[i]} ${stems[i + 1]}`);
      for (let i = 0; i + 1 < words.length; i += 1) {
        const weight = Math.min(weights[i] as number, weights[i + 1] as number);
        pairTotal += weight;
        const next = wordStems[i + 1] ?? [];
        if (wordStems[i]?.some((a) => next.some((b) => adjacent.has(`${a} ${b}`)))) pairsFound += weight;
      }
    }
    return {
      coverage: total === 0 ? 0 : covered / total,
      proximity: pairTotal === 0 ? 0 : pairsFound / pairTotal,
      answerType: wanted && hasEvidence(wanted, passage.text) ? 1 : 0,
    };
  }

  private sequence(passage: Passage): PassageTerms {
    let sequence = this.sequences.get(passage.id);
    if (!sequence) {
      const terms = this.analyzer.terms(`${passage.section ?? ""} ${passage.text}`);
      const stems = terms.map((t) => this.analyzer.stem(t));
      // Words and stems together: Snowball stems `industri` to `industr` but `perindustrian` to `industri`.
      sequence = { stems, set: new Set([...stems, ...terms]), terms: new Set(terms) };
      if (this.sequences.size >= CACHE_LIMIT) this.sequences.clear();
      this.sequences.set(passage.id, sequence);
    }
    return sequence;
  }
}
