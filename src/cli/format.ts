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
  answered: boolean;
  results: JsonResult[];
}

export function toJsonAnswer(answer: Answer): JsonAnswer {
  return {
    question: answer.question,
    answered: answer.answered,
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
