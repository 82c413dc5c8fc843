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
] as const satisfies readonly (keyof ConfidenceSignals)[];

/** A fitted answerability model and the probability where the "answer" tier begins. */
export interface ConfidenceModel extends LogisticModel {
  thresholds: { answer: number };
  /** How the model was fitted and what it measured, for people reading the file. */
  provenance?: Record<string, unknown>;
}

/**
 * A model with no signals that gives every question the same probability: for building a knowledge
 * base whose tiers do not matter (training), for "the coverage rule alone" (ablation), and for tests.
 */
export function fixedConfidence(probability: number, answerThreshold: number): ConfidenceModel {
  const bias = Math.log(probability / (1 - probability));
  return { features: [], means: [], scales: [], weights: [], bias, thresholds: { answer: answerThreshold } };
}

/** A confidence model file that does not fit the signals this version computes. */
export class ConfidenceModelError extends Error {
  override readonly name = "ConfidenceModelError";
}

/**
 * Checks a model before it decides anything, so a stale or hand-edited file fails at start-up with
 * a clear message rather than on every question.
 */
export function validateConfidenceModel(model: ConfidenceModel): ConfidenceModel {
  const problems: string[] = [];
  const known: readonly string[] = SIGNAL_NAMES;
  const unknown = model.features.filter((f) => !known.includes(f));
  if (unknown.length > 0) problems.push(`unknown signals ${unknown.join(", ")} (run npm run train)`);
  const d = model.features.length;
  for (const [name, values] of [
    ["means", model.means],
    ["scales", model.scales],
    ["weights", model.weights],
  ] as const) {
    if (values.length !== d) problems.push(`${name} has ${values.length} values for ${d} features`);
    if (!values.every(Number.isFinite)) problems.push(`${name} holds a value that is not a finite number`);
  }
  if (!model.scales.every((s) => s > 0)) problems.push("a scale is not positive");
  if (!Number.isFinite(model.bias)) problems.push("bias is not a finite number");
  const { answer } = model.thresholds;
  if (!(answer >= 0 && answer <= 1)) problems.push(`thresholds.answer ${answer} is not between 0 and 1`);
  if (problems.length > 0) throw new ConfidenceModelError(`confidence model: ${problems.join("; ")}`);
  return model;
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
