import { describe, expect, it } from "vitest";
import { loadCorpus } from "../../src/corpus/load.js";
import { type EvalQuestion, loadEvalFile } from "../../src/eval/dataset.js";
import type { Metrics } from "../../src/eval/metrics.js";
import { measure, projectSystem } from "../../src/eval/systems.js";
import { DEFAULT_CORPUS_DIR } from "../../src/paths.js";

/** The floors the golden set must stay above; raise them when retrieval improves, never lower them. */
const THRESHOLDS = {
  inScopeHit1: 0.95,
  englishHit1: 0.85,
  offTopicAbstained: 0.9,
  /**
   * Quoted in the "answer" or "maybe" tier rather than "not in the article". The target is 1.0;
   * English questions whose words the lexicon lacks are still declined.
   */
  inScopeQuoted: 0.98,
  /**
   * In the "answer" tier: the learned confidence is sure. 0.717 reached by the model fitted without
   * the training paragraphs that FacQA valid repeats; English questions are mostly "maybe" (0.353).
   */
  inScopeAnswerTier: 0.7,
  nearTopicAbstained: 0.5,
  /** Questions in users' own words, written before the bot ran on them; reached when added (0.684): the first-stage work of issue 9 is to raise it. */
  ownWordsHit1: 0.68,
};

describe("golden questions about the article", async () => {
  const set = await loadEvalFile("tests/golden/questions.json", async () =>
    (await loadCorpus(DEFAULT_CORPUS_DIR)).flatMap((a) => a.passages),
  );
  const system = projectSystem(set.passages);
  const only = (...categories: string[]): EvalQuestion[] =>
    set.questions.filter((q) => categories.includes(q.category ?? ""));
  const figures: Record<string, Metrics> = {
    "indonesian+informal+typo": measure(system, only("indonesian", "informal", "typo")),
    english: measure(system, only("english")),
    "off-topic": measure(system, only("off-topic")),
    "near-topic": measure(system, only("near-topic")),
    "in-scope": measure(system, only("indonesian", "informal", "typo", "english")),
    "own words": measure(system, only("paraphrase", "code-switching")),
  };
  console.info(
    Object.entries(figures)
      .map(
        ([name, m]) =>
          `golden ${name}: ${m.questions} questions, hit@1 ${m.hit1.toFixed(3)}, answer tier ${m.answered.toFixed(3)} (precision ${m.precision.toFixed(3)}), quoted ${m.quoted.toFixed(3)}, none ${m.abstained.toFixed(3)}`,
      )
      .join("\n"),
  );

  it("has at least 40 questions covering every kind", () => {
    expect(set.questions.length).toBeGreaterThanOrEqual(40);
    for (const category of [
      "indonesian",
      "informal",
      "typo",
      "english",
      "paraphrase",
      "code-switching",
      "off-topic",
      "near-topic",
    ]) {
      expect(only(category).length).toBeGreaterThan(0);
    }
  });

  it(`finds the right paragraph first for Indonesian, informal and typo questions (>= ${THRESHOLDS.inScopeHit1})`, () => {
    expect(figures["indonesian+informal+typo"]?.hit1).toBeGreaterThanOrEqual(THRESHOLDS.inScopeHit1);
  });

  it(`finds the right paragraph first for English questions (>= ${THRESHOLDS.englishHit1})`, () => {
    expect(figures.english?.hit1).toBeGreaterThanOrEqual(THRESHOLDS.englishHit1);
  });

  it(`abstains on off-topic questions (>= ${THRESHOLDS.offTopicAbstained})`, () => {
    expect(figures["off-topic"]?.abstained).toBeGreaterThanOrEqual(THRESHOLDS.offTopicAbstained);
  });

  it(`quotes a paragraph for the questions the article answers (>= ${THRESHOLDS.inScopeQuoted})`, () => {
    expect(figures["in-scope"]?.quoted).toBeGreaterThanOrEqual(THRESHOLDS.inScopeQuoted);
  });

  it(`is sure of most of them (answer tier >= ${THRESHOLDS.inScopeAnswerTier})`, () => {
    expect(figures["in-scope"]?.answered).toBeGreaterThanOrEqual(THRESHOLDS.inScopeAnswerTier);
  });

  it(`finds the right paragraph first for questions in users' own words (>= ${THRESHOLDS.ownWordsHit1})`, () => {
    expect(figures["own words"]?.hit1).toBeGreaterThanOrEqual(THRESHOLDS.ownWordsHit1);
  });

  it(`abstains on questions near the article's topic that it does not answer (>= ${THRESHOLDS.nearTopicAbstained})`, () => {
    expect(figures["near-topic"]?.abstained).toBeGreaterThanOrEqual(THRESHOLDS.nearTopicAbstained);
  });
});
