import type { Tier } from "../search/confidence.js";
import type { EvalQuestion } from "./dataset.js";

/** What one system said for one question: its ranked passage ids and how sure it was. */
export interface Prediction {
  ranked: readonly string[];
  /** "answer": quoted as the answer; "maybe": quoted as uncertain; "none": declined. */
  tier: Tier;
  /** How sure the system is that its first passage answers (the project: the confidence model's probability). */
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
  /** Share of answerable questions in the "answer" tier. */
  answered: number;
  /** Share of answerable questions quoted at all ("answer" or "maybe" tier). */
  quoted: number;
  /** Of all questions in the "answer" tier, the share whose first passage is a gold one. */
  precision: number;
  /** Share of unanswerable questions in the "none" tier (NaN when there are none). */
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
  let quoted = 0;
  let answerTier = 0;
  let abstained = 0;
  let answeredCorrectly = 0;
  questions.forEach((q, i) => {
    const prediction = predictions[i];
    if (!prediction) throw new Error(`no prediction for question ${i}`);
    if (prediction.tier === "answer") answerTier += 1;
    if (q.gold === null) {
      unanswerable += 1;
      if (prediction.tier === "none") abstained += 1;
      return;
    }
    answerable += 1;
    const gold = q.gold;
    const rank = prediction.ranked.findIndex((id) => gold.includes(id));
    if (rank === 0) hit1 += 1;
    if (rank >= 0 && rank < 3) hit3 += 1;
    if (rank >= 0 && rank < 10) rr += 1 / (rank + 1);
    if (prediction.tier === "answer") answered += 1;
    if (prediction.tier !== "none") quoted += 1;
    if (prediction.tier === "answer" && rank === 0) answeredCorrectly += 1;
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
    quoted: share(quoted, answerable),
    precision: share(answeredCorrectly, answerTier),
    abstained: share(abstained, unanswerable),
    answeredCorrectly: share(answeredCorrectly, answerable),
    p50ms: percentile(times, 50),
    p99ms: percentile(times, 99),
  };
}

/** One point of the answer-or-abstain trade-off: what a threshold on confidence would give. */
export interface TradeoffPoint {
  threshold: number;
  /** Share of answerable questions at or above the threshold. */
  answered: number;
  /** Of the questions at or above it, the share with a gold passage first. */
  precision: number;
  /** Share of unanswerable questions below it. */
  abstained: number;
}

export function abstentionTradeoff(
  questions: readonly EvalQuestion[],
  predictions: readonly Prediction[],
  thresholds: readonly number[],
): TradeoffPoint[] {
  return thresholds.map((threshold) => {
    // The coverage rule still declines what it declines; the threshold splits the rest.
    const decided = predictions.map(
      (p): Prediction => ({
        ...p,
        tier: p.tier === "none" ? "none" : p.confidence >= threshold ? "answer" : "maybe",
      }),
    );
    const m = computeMetrics(questions, decided);
    return { threshold, answered: m.answered, precision: m.precision, abstained: m.abstained };
  });
}
