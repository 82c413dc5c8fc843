import type { Tier } from "../search/confidence.js";
import type { Answer } from "../search/knowledge-base.js";

export interface JsonResult {
  passageId: string;
  articleTitle: string;
  section: string | null;
  paragraph: number;
  text: string;
  score: number;
}

/** The `ask --jsonl` contract: one object per question, in exactly this shape. */
export interface JsonAnswer {
  question: string;
  /** True only in the "answer" tier. */
  answered: boolean;
  /** The confidence model's probability that the first result answers the question. */
  confidence: number;
  tier: Tier;
  results: JsonResult[];
}

export function toJsonAnswer(answer: Answer): JsonAnswer {
  return {
    question: answer.question,
    answered: answer.answered,
    confidence: Number(answer.confidence.toFixed(4)),
    tier: answer.tier,
    results: answer.results.map(({ passage, score }) => ({
      passageId: passage.id,
      articleTitle: passage.articleTitle,
      section: passage.section,
      paragraph: passage.paragraph,
      text: passage.text,
      score: Number(score.toFixed(4)),
    })),
  };
}
