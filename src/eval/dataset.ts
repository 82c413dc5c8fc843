import { readFile } from "node:fs/promises";
import type { Passage } from "../corpus/types.js";

/** One question to measure: `gold` lists the passages that answer it (any one first is a hit), or null when none does. */
export interface EvalQuestion {
  question: string;
  gold: readonly string[] | null;
  /** A label to break figures down by (for example `english` or `off-topic`). */
  category?: string;
}

export interface EvalSet {
  passages: Passage[];
  questions: EvalQuestion[];
}

export interface SquadFile {
  data: {
    title?: string;
    paragraphs: {
      context: string;
      qas: { question: string; is_impossible?: boolean }[];
    }[];
  }[];
}

function isSquad(value: unknown): value is SquadFile {
  return (
    typeof value === "object" &&
    value !== null &&
    Array.isArray((value as { data?: unknown }).data) &&
    (value as SquadFile).data.every((entry) => Array.isArray(entry?.paragraphs))
  );
}

/**
 * Every distinct SQuAD `context` becomes a passage; a question's gold passage is its own context.
 * Some sets repeat a paragraph under several entries: it is one passage, or returning its twin
 * would count as a miss.
 */
export function squadToEvalSet(squad: SquadFile): EvalSet {
  const passages: Passage[] = [];
  const questions: EvalQuestion[] = [];
  const idByText = new Map<string, string>();
  squad.data.forEach((entry, entryIndex) => {
    entry.paragraphs.forEach((paragraph, paragraphIndex) => {
      let id = idByText.get(paragraph.context);
      if (id === undefined) {
        id = `squad-${entryIndex}:${paragraphIndex + 1}`;
        idByText.set(paragraph.context, id);
        passages.push({
          id,
          articleSlug: `squad-${entryIndex}`,
          articleTitle: entry.title ?? "",
          section: null,
          paragraph: paragraphIndex + 1,
          text: paragraph.context,
        });
      }
      for (const qa of paragraph.qas) {
        questions.push({
          question: qa.question,
          gold: qa.is_impossible ? null : [id],
          category: qa.is_impossible ? "unanswerable" : "answerable",
        });
      }
    });
  });
  return { passages, questions };
}

interface GoldenFile {
  questions: { question: string; expected: string | string[] | null; category: string }[];
}

function isGolden(value: unknown): value is GoldenFile {
  const questions = (value as { questions?: unknown } | null)?.questions;
  return (
    Array.isArray(questions) &&
    questions.every(
      (q) =>
        typeof q?.question === "string" &&
        (typeof q.expected === "string" || q.expected === null || Array.isArray(q.expected)) &&
        typeof q.category === "string",
    )
  );
}

/** Reads a SQuAD-layout file, or a golden file of questions about the corpus (`passages` given). */
export async function loadEvalFile(file: string, corpusPassages: () => Promise<Passage[]>): Promise<EvalSet> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, "utf8"));
  } catch (error) {
    throw new EvalFileError(
      file,
      `cannot read it as JSON (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  if (isSquad(parsed)) return squadToEvalSet(parsed);
  if (isGolden(parsed)) {
    const passages = await corpusPassages();
    const known = new Set(passages.map((p) => p.id));
    const questions = parsed.questions.map((q) => ({
      question: q.question,
      gold: q.expected === null ? null : [q.expected].flat(),
      category: q.category,
    }));
    const unknown = questions.flatMap((q) => q.gold ?? []).find((id) => !known.has(id));
    if (unknown) throw new EvalFileError(file, `expects passage "${unknown}", which the corpus lacks`);
    return { passages, questions };
  }
  throw new EvalFileError(
    file,
    "is neither SQuAD layout ({ data: [...] }) nor a golden set ({ questions: [...] })",
  );
}

export class EvalFileError extends Error {
  override readonly name = "EvalFileError";
  constructor(
    readonly file: string,
    problem: string,
  ) {
    super(`${file}: ${problem}`);
  }
}
