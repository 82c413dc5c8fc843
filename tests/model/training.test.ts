import { describe, expect, it } from "vitest";
import { chooseAnswerThreshold, seededRandom, splitIntoCorpora, withTypo } from "../../src/model/training.js";
import { type ConfidenceModel, SIGNAL_NAMES, tierOf } from "../../src/search/confidence.js";
import { SHIPPED_CONFIDENCE_MODEL } from "../../src/search/knowledge-base.js";

describe("splitIntoCorpora", () => {
  const squad = {
    data: Array.from({ length: 10 }, (_, i) => ({
      title: `T${i}`,
      paragraphs: [
        {
          context: `Paragraf nomor ${i}.`,
          qas: [{ question: `q${i}` }, { question: `u${i}`, is_impossible: true }],
        },
      ],
    })),
  };

  it("keeps every paragraph once, with its own questions, the same way for the same seed", () => {
    const corpora = splitIntoCorpora(squad, 3, 42);
    expect(corpora).toHaveLength(3);
    const texts = corpora.flatMap((c) => c.passages.map((p) => p.text)).sort();
    expect(texts).toEqual(squad.data.map((e) => e.paragraphs[0]?.context).sort());
    for (const corpus of corpora) {
      for (const q of corpus.questions.filter((x) => x.gold !== null)) {
        const text = corpus.passages.find((p) => q.gold?.includes(p.id))?.text;
        expect(text).toBe(`Paragraf nomor ${q.question.slice(1)}.`);
      }
      expect(corpus.questions.filter((q) => q.gold === null)).toHaveLength(corpus.passages.length);
    }
    expect(splitIntoCorpora(squad, 3, 42)).toEqual(corpora);
    expect(splitIntoCorpora(squad, 3, 43)).not.toEqual(corpora);
  });
});

describe("withTypo", () => {
  it("changes one longer word by one edit and leaves the rest", () => {
    const random = seededRandom(3);
    for (let i = 0; i < 50; i += 1) {
      const question = "Siapa pendiri perusahaan itu?";
      const typo = withTypo(question, random) as string;
      const before = question.split(" ");
      const after = typo.split(" ");
      expect(after).toHaveLength(before.length);
      const changed = before.filter((w, j) => w !== after[j]);
      expect(changed.length).toBeLessThanOrEqual(1);
      if (changed.length === 1) expect(["Siapa", "pendiri", "perusahaan"]).toContain(changed[0]);
    }
  });

  it("leaves a question without a word of five letters alone", () => {
    expect(withTypo("Apa itu?", seededRandom(1))).toBeUndefined();
  });
});

describe("chooseAnswerThreshold", () => {
  it("picks the lowest probability that keeps the answer tier precise enough", () => {
    const scored = [
      { probability: 0.9, correct: true, answerable: true },
      { probability: 0.8, correct: true, answerable: true },
      { probability: 0.7, correct: true, answerable: true },
      { probability: 0.6, correct: false, answerable: true },
      { probability: 0.5, correct: false, answerable: true },
      { probability: 0.99, correct: false, answerable: false }, // unanswerable: left to abstention
    ];
    expect(chooseAnswerThreshold(scored, 1)).toBe(0.7);
    expect(chooseAnswerThreshold(scored, 0.75)).toBe(0.6);
    expect(chooseAnswerThreshold(scored, 0.5)).toBe(0.5);
  });
});

describe("tiers", () => {
  const model: ConfidenceModel = {
    features: [],
    means: [],
    scales: [],
    weights: [],
    bias: 0,
    thresholds: { answer: 0.6 },
  };

  it("maps probability and coverage to answer, maybe and none", () => {
    expect(tierOf(model, 0.9, 0.8, 0.3)).toBe("answer");
    expect(tierOf(model, 0.6, 0.3, 0.3)).toBe("answer");
    expect(tierOf(model, 0.59, 0.8, 0.3)).toBe("maybe");
    expect(tierOf(model, 0.99, 0.29, 0.3)).toBe("none");
  });

  it("ships a model over the signals the knowledge base computes", () => {
    expect(SHIPPED_CONFIDENCE_MODEL.features).toEqual([...SIGNAL_NAMES]);
    expect(SHIPPED_CONFIDENCE_MODEL.weights).toHaveLength(SIGNAL_NAMES.length);
    expect(SHIPPED_CONFIDENCE_MODEL.thresholds.answer).toBeGreaterThan(0);
    expect(SHIPPED_CONFIDENCE_MODEL.thresholds.answer).toBeLessThan(1);
  });
});
