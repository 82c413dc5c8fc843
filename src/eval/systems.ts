import MiniSearch from "minisearch";
import type { Passage } from "../corpus/types.js";
import { KnowledgeBase, type KnowledgeBaseOptions } from "../search/knowledge-base.js";
import type { EvalQuestion } from "./dataset.js";
import { computeMetrics, type Metrics, type Prediction } from "./metrics.js";

const RANKED = 10;

/** A retrieval system under measurement: a question in, ranked passage ids and a verdict out. */
export type System = (question: string) => Omit<Prediction, "ms">;

export function projectSystem(passages: readonly Passage[], options: KnowledgeBaseOptions = {}): System {
  const kb = new KnowledgeBase(passages, options);
  return (question) => {
    const answer = kb.ask(question, RANKED);
    return {
      ranked: answer.results.map((hit) => hit.passage.id),
      tier: answer.tier,
      confidence: answer.confidence,
    };
  };
}

/** MiniSearch with its default options on the paragraph text: the baseline every figure is set beside. */
export function plainMiniSearchSystem(passages: readonly Passage[]): System {
  const index = new MiniSearch<{ id: string; text: string }>({ fields: ["text"] });
  index.addAll(passages.map(({ id, text }) => ({ id, text })));
  return (question) => {
    const ranked = index
      .search(question)
      .slice(0, RANKED)
      .map((r) => r.id as string);
    return { ranked, tier: ranked.length > 0 ? "answer" : "none", confidence: ranked.length > 0 ? 1 : 0 };
  };
}

/** Enough timings for a stable 99th percentile, even on a set of a few dozen questions. */
const MIN_TIMINGS = 2_000;

export interface PredictionRun {
  predictions: Prediction[];
  /** Every timing of every pass, in milliseconds. */
  timings: number[];
}

/**
 * Asks every question once untimed (compiled code and warm caches, as in a running bot), then
 * times passes over the whole set until there are at least MIN_TIMINGS timings.
 */
export function predict(
  system: System,
  questions: readonly EvalQuestion[],
  { timed = true }: { timed?: boolean } = {},
): PredictionRun {
  const answers = questions.map((q) => system(q.question));
  if (!timed) return { predictions: answers.map((a) => ({ ...a, ms: 0 })), timings: [] };
  const passes = Math.max(1, Math.ceil(MIN_TIMINGS / Math.max(1, questions.length)));
  const timings: number[] = [];
  const firstPass: number[] = [];
  for (let pass = 0; pass < passes; pass += 1) {
    questions.forEach((q, i) => {
      const start = performance.now();
      system(q.question);
      const ms = performance.now() - start;
      timings.push(ms);
      if (pass === 0) firstPass[i] = ms;
    });
  }
  return { predictions: answers.map((a, i) => ({ ...a, ms: firstPass[i] ?? 0 })), timings };
}

export function measure(system: System, questions: readonly EvalQuestion[]): Metrics {
  const { predictions, timings } = predict(system, questions);
  return computeMetrics(questions, predictions, timings);
}
