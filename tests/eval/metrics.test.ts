import { describe, expect, it } from "vitest";
import { type EvalQuestion, squadToEvalSet } from "../../src/eval/dataset.js";
import { computeMetrics } from "../../src/eval/metrics.js";

describe("computeMetrics", () => {
  const questions: EvalQuestion[] = [
    { question: "a", gold: ["p1"] },
    { question: "b", gold: ["p2", "p3"] },
    { question: "c", gold: ["p4"] },
    { question: "d", gold: null },
    { question: "e", gold: null },
  ];

  it("scores ranks, answering and abstaining", () => {
    const m = computeMetrics(questions, [
      { ranked: ["p1", "p2"], tier: "answer", confidence: 1, ms: 1 },
      { ranked: ["p9", "p8", "p3"], tier: "answer", confidence: 1, ms: 2 }, // any listed gold counts
      { ranked: ["p9"], tier: "maybe", confidence: 0.3, ms: 3 },
      { ranked: ["p1"], tier: "none", confidence: 0, ms: 4 },
      { ranked: ["p1"], tier: "answer", confidence: 1, ms: 100 },
    ]);
    expect(m).toMatchObject({ questions: 5, answerable: 3, unanswerable: 2 });
    expect(m.hit1).toBeCloseTo(1 / 3);
    expect(m.hit3).toBeCloseTo(2 / 3);
    expect(m.mrr10).toBeCloseTo((1 + 1 / 3) / 3);
    expect(m.answered).toBeCloseTo(2 / 3);
    expect(m.quoted).toBeCloseTo(3 / 3);
    // Three questions in the answer tier, one of them an unanswerable one: one of three is right.
    expect(m.precision).toBeCloseTo(1 / 3);
    expect(m.abstained).toBeCloseTo(1 / 2);
    expect(m.answeredCorrectly).toBeCloseTo(1 / 3);
    expect(m.p50ms).toBe(3);
    expect(m.p99ms).toBe(100);
  });

  it("reports NaN rather than a made-up figure for an empty group", () => {
    const m = computeMetrics(
      [{ question: "a", gold: ["p1"] }],
      [{ ranked: ["p1"], tier: "answer", confidence: 1, ms: 1 }],
    );
    expect(m.abstained).toBeNaN();
  });
});

describe("squadToEvalSet", () => {
  it("makes one passage of a paragraph the set repeats, so its twin is not a miss", () => {
    const paragraph = (context: string, question: string) => ({ context, qas: [{ question }] });
    const set = squadToEvalSet({
      data: [
        { title: "A", paragraphs: [paragraph("Teks yang sama.", "q1")] },
        { title: "B", paragraphs: [paragraph("Teks yang sama.", "q2"), paragraph("Teks lain.", "q3")] },
      ],
    });
    expect(set.passages.map((p) => p.text)).toEqual(["Teks yang sama.", "Teks lain."]);
    expect(set.questions.map((q) => q.gold)).toEqual([["squad-0:1"], ["squad-0:1"], ["squad-1:2"]]);
  });
});
