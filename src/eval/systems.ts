import MiniSearch from "minisearch";
import type { Passage } from "../corpus/types.js";
import { KnowledgeBase, type KnowledgeBaseOptions } from "../search/knowledge-base.js";
import type { EvalQuestion } from "./dataset.js";
import { computeMetrics, type Metrics, type Prediction } from "./metrics.js";

const RANKED = 10;

/** A retrieval system under measurement: a question in, ranked passage ids and a verdict out. */
export type System = (question: string) => Omit<Prediction, "ms">;

export function projectSystem(passages: readonly Passage[], options: KnowledgeBaseOptions = {}): System {
  const kb = new KnowledgeBase(passages, [], options);
  return (question) => {
    const answer = kb.ask(question, RANKED);
    return {
      ranked: answer.results.map((hit) => hit.passage.id),
      answered: answer.answered,
      confidence: answer.coverage,
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
    return { ranked, answered: ranked.length > 0, confidence: ranked.length > 0 ? 1 : 0 };
  };
}

/** Asks every question, timing each; the first few are asked twice so JIT compilation is not timed. */
export function predict(system: System, questions: readonly EvalQuestion[]): Prediction[] {
  for (const q of questions.slice(0, 20)) system(q.question);
  return questions.map((q) => {
    const start = performance.now();
    const prediction = system(q.question);
    return { ...prediction, ms: performance.now() - start };
  });
}

export function measure(system: System, questions: readonly EvalQuestion[]): Metrics {
  return computeMetrics(questions, predict(system, questions));
}
