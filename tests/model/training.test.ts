import { describe, expect, it } from "vitest";
import {
  chooseAnswerThreshold,
  splitIntoCorpora,
  withoutParagraphs,
  withTypo,
} from "../../src/model/training.js";
import { seededRandom } from "../../src/random.js";
import {
  type ConfidenceModel,
  ConfidenceModelError,
  fixedConfidence,
  SIGNAL_NAMES,
  tierOf,
  validateConfidenceModel,
} from "../../src/search/confidence.js";
import { isOneTypoAway } from "../../src/search/edit-distance.js";
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

describe("withoutParagraphs", () => {
  it("drops the paragraphs a measuring set holds, whatever their spacing or case, with their questions", () => {
    const train = {
      data: [
        {
          title: "A",
          paragraphs: [
            { context: "Teks  yang Sama.", qas: [{ question: "q1" }] },
            { context: "Lain.", qas: [{ question: "q2" }] },
          ],
        },
        { title: "B", paragraphs: [{ context: "teks yang sama.", qas: [{ question: "q3" }] }] },
      ],
    };
    const dev = { data: [{ title: "D", paragraphs: [{ context: "Teks yang sama.", qas: [] }] }] };
    expect(withoutParagraphs(train, [dev])).toEqual({
      data: [{ title: "A", paragraphs: [{ context: "Lain.", qas: [{ question: "q2" }] }] }],
    });
  });
});

describe("withTypo", () => {
  it("changes one longer word by one edit and leaves the rest", () => {
    const random = seededRandom(3);
    for (let i = 0; i < 50; i += 1) {
      const question = "Siapa pendiri perusahaan itu?";
      const typed = withTypo(question, random) as string;
      const before = question.split(" ");
      const after = typed.split(" ");
      expect(after).toHaveLength(before.length);
      const changed = before.flatMap((w, j) => (w !== after[j] ? [[w, after[j] as string] as const] : []));
      expect(changed).toHaveLength(1);
      const [original, typo] = changed[0] as readonly [string, string];
      expect(["Siapa", "pendiri", "perusahaan"]).toContain(original);
      expect(isOneTypoAway(original, typo)).toBe(true);
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
  const model = fixedConfidence(0.5, 0.6);

  it("maps probability and coverage to answer, maybe and none", () => {
    expect(tierOf(model, 0.9, 0.8, 0.3)).toBe("answer");
    expect(tierOf(model, 0.6, 0.3, 0.3)).toBe("answer");
    expect(tierOf(model, 0.59, 0.8, 0.3)).toBe("maybe");
    expect(tierOf(model, 0.99, 0.29, 0.3)).toBe("none");
  });

  it("refuses a model that does not fit this version's signals, naming the problem", () => {
    const bad = (change: Partial<ConfidenceModel>) => () => validateConfidenceModel({ ...model, ...change });
    expect(bad({ features: ["english"], means: [0], scales: [1], weights: [1] })).toThrow(
      /unknown signals english/,
    );
    expect(bad({ features: ["coverage"], means: [0], scales: [1], weights: [] })).toThrow(
      /weights has 0 values/,
    );
    expect(bad({ features: ["coverage"], means: [0], scales: [0], weights: [1] })).toThrow(
      /scale is not positive/,
    );
    expect(bad({ thresholds: { answer: 2 } })).toThrow(ConfidenceModelError);
    expect(validateConfidenceModel(SHIPPED_CONFIDENCE_MODEL)).toBe(SHIPPED_CONFIDENCE_MODEL);
  });

  it("ships a model over the signals the knowledge base computes", () => {
    expect(SHIPPED_CONFIDENCE_MODEL.features).toEqual([...SIGNAL_NAMES]);
    expect(SHIPPED_CONFIDENCE_MODEL.weights).toHaveLength(SIGNAL_NAMES.length);
    expect(SHIPPED_CONFIDENCE_MODEL.thresholds.answer).toBeGreaterThan(0);
    expect(SHIPPED_CONFIDENCE_MODEL.thresholds.answer).toBeLessThan(1);
  });
});
