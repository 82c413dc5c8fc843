import type { EvalQuestion } from "./dataset.js";

/** What one system said for one question: its ranked passage ids and whether it answered. */
export interface Prediction {
  ranked: readonly string[];
  answered: boolean;
  /** How sure the system is that it answers (the project: coverage); answering means reaching a threshold. */
  confidence: number;
  /** Time to answer, in milliseconds. */
  ms: number;
}

export interface Metrics {
  questions: number;
  answerable: number;
  unanswerable: number;
  /** Over answerable questions: the first passage is the gold one. */
  hit1: number;
  hit3: number;
  mrr10: number;
  /** Share of answerable questions the system answered rather than abstained. */
  answered: number;
  /** Share of unanswerable questions the system abstained on (NaN when there are none). */
  abstained: number;
  /** Answerable questions answered with the gold passage first: what a user actually gets right. */
  answeredCorrectly: number;
  p50ms: number;
  p99ms: number;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] as number;
}

export function computeMetrics(
  questions: readonly EvalQuestion[],
  predictions: readonly Prediction[],
  /** Every timing taken (several passes give stable percentiles); by default each prediction's. */
  timings: readonly number[] = predictions.map((p) => p.ms),
): Metrics {
  let answerable = 0;
  let unanswerable = 0;
  let hit1 = 0;
  let hit3 = 0;
  let rr = 0;
  let answered = 0;
  let abstained = 0;
  let answeredCorrectly = 0;
  questions.forEach((q, i) => {
    const prediction = predictions[i];
    if (!prediction) throw new Error(`no prediction for question ${i}`);
    if (q.gold === null) {
      unanswerable += 1;
      if (!prediction.answered) abstained += 1;
      return;
    }
    answerable += 1;
    const gold = q.gold;
    const rank = prediction.ranked.findIndex((id) => gold.includes(id));
    if (rank === 0) hit1 += 1;
    if (rank >= 0 && rank < 3) hit3 += 1;
    if (rank >= 0 && rank < 10) rr += 1 / (rank + 1);
    if (prediction.answered) answered += 1;
    if (prediction.answered && rank === 0) answeredCorrectly += 1;
  });
  const times = [...timings].sort((a, b) => a - b);
  const share = (n: number, d: number): number => (d === 0 ? Number.NaN : n / d);
  return {
    questions: questions.length,
    answerable,
    unanswerable,
    hit1: share(hit1, answerable),
    hit3: share(hit3, answerable),
    mrr10: share(rr, answerable),
    answered: share(answered, answerable),
    abstained: share(abstained, unanswerable),
    answeredCorrectly: share(answeredCorrectly, answerable),
    p50ms: percentile(times, 50),
    p99ms: percentile(times, 99),
  };
}

/** One point of the answer-or-abstain trade-off: what a threshold on confidence would give. */
export interface TradeoffPoint {
  threshold: number;
  /** Share of answerable questions answered. */
  answered: number;
  /** Share of unanswerable questions abstained on. */
  abstained: number;
  /** Share of answerable questions answered with the gold passage first. */
  answeredCorrectly: number;
}

export function abstentionTradeoff(
  questions: readonly EvalQuestion[],
  predictions: readonly Prediction[],
  thresholds: readonly number[],
): TradeoffPoint[] {
  return thresholds.map((threshold) => {
    const decided = predictions.map((p) => ({ ...p, answered: p.confidence >= threshold }));
    const m = computeMetrics(questions, decided);
    return {
      threshold,
      answered: m.answered,
      abstained: m.abstained,
      answeredCorrectly: m.answeredCorrectly,
    };
  });
}
