import { type LogisticModel, predictProbability } from "../model/logistic.js";

/** How sure the bot is that its best passage answers the question, in three steps. */
export type Tier = "answer" | "maybe" | "none";

/**
 * What a question and its ranked candidates say about whether the best one answers it. Each is a
 * number the confidence model weighs; the names are the keys of the shipped model file.
 */
export type ConfidenceSignals = {
  /** Share of the question's words (by rarity) the best passage holds. */
  coverage: number;
  /** The same for the second passage (0 when there is none). */
  secondCoverage: number;
  /** Share of the question's word pairs the best passage holds side by side. */
  proximity: number;
  /** The rarest question word the best passage lacks, as a share of the rarest question word. */
  rarestMissing: number;
  /** Share of the question's words (by rarity) found anywhere in the corpus. */
  knownShare: number;
  /** The best re-ranking score, and its lead over the second. */
  score: number;
  margin: number;
  /** The best score's share of the candidates' scores (softmax). */
  softmax: number;
  /** The best passage's BM25 with MiniSearch's matched-term multiplier undone, log-scaled. */
  bm25: number;
  /** 1 when the question asks for a kind of answer (a number, a time, a name, a place). */
  answerTypeWanted: number;
  /** 1 when it does and the best passage holds one. */
  answerTypeFound: number;
  /** Words in the question, log-scaled. */
  words: number;
  /** 1 for a question read as English (its words translated). */
  english: number;
};

export const SIGNAL_NAMES = [
  "coverage",
  "secondCoverage",
  "proximity",
  "rarestMissing",
  "knownShare",
  "score",
  "margin",
  "softmax",
  "bm25",
  "answerTypeWanted",
  "answerTypeFound",
  "words",
  "english",
] as const satisfies readonly (keyof ConfidenceSignals)[];

/** A fitted answerability model and the probability where the "answer" tier begins. */
export interface ConfidenceModel extends LogisticModel {
  thresholds: { answer: number };
  /** How the model was fitted and what it measured, for people reading the file. */
  provenance?: Record<string, unknown>;
}

export function signalVector(signals: ConfidenceSignals, names: readonly string[]): number[] {
  const byName: Readonly<Record<string, number>> = signals;
  return names.map((name) => {
    if (!Object.hasOwn(byName, name))
      throw new Error(`the confidence model uses "${name}", which no signal provides`);
    return byName[name] as number;
  });
}

/** The probability, from 0 to 1, that the best passage answers the question. */
export function confidenceOf(model: ConfidenceModel, signals: ConfidenceSignals): number {
  return predictProbability(model, signalVector(signals, model.features));
}

/**
 * The tier of an answer. "none" when the best passage covers less than `minCoverage` of the
 * question: the abstention rule the bot had before the model, kept because the model, fitted
 * without off-topic questions like users', abstained on fewer of them. Above it, the model's
 * probability decides between quoting as the answer and quoting as uncertain.
 */
export function tierOf(
  model: ConfidenceModel,
  confidence: number,
  coverage: number,
  minCoverage: number,
): Tier {
  if (coverage < minCoverage) return "none";
  return confidence >= model.thresholds.answer ? "answer" : "maybe";
}
