import type { Article, Passage } from "../corpus/types.js";
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

function citation(passage: Passage, articles: readonly Article[]): string {
  const article = articles.find((a) => a.slug === passage.articleSlug);
  const parts = [article?.meta.title ?? passage.articleTitle];
  if (article?.meta.source) parts.push(article.meta.source);
  if (passage.section) parts.push(`section "${passage.section}"`);
  parts.push(`paragraph ${passage.paragraph}`);
  return parts.join(", ");
}

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

/** The answer as a person reads it in a terminal: the quote, its citation, then the alternatives. */
export function formatAnswerText(answer: Answer, articles: readonly Article[]): string {
  const [best, ...others] = answer.results;
  const lines: string[] = [];
  if (answer.answered && best) {
    lines.push(`“${best.passage.text}”`, "", `— ${citation(best.passage, articles)}`);
    if (others.length > 0) lines.push("", "Other matches:");
  } else {
    lines.push("Not found in the article: no paragraph answers this question.");
    if (answer.results.length > 0) lines.push("", "Closest paragraphs:");
  }
  const suggestions = answer.answered ? others : answer.results;
  for (const hit of suggestions) {
    lines.push(`  • ${shorten(hit.passage.text, 120)}`, `    (${citation(hit.passage, articles)})`);
  }
  return `${lines.join("\n")}\n`;
}
