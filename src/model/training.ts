import type { EvalQuestion, EvalSet, SquadFile } from "../eval/dataset.js";
import { squadToEvalSet } from "../eval/dataset.js";
import { seededRandom } from "../random.js";
import { type ConfidenceSignals, fixedConfidence, SIGNAL_NAMES, signalVector } from "../search/confidence.js";
import { KnowledgeBase, type KnowledgeBaseOptions } from "../search/knowledge-base.js";

export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/**
 * Cuts a training set into corpora of about `size` paragraphs, each with the questions written
 * about its paragraphs. A bot's corpus is a few hundred paragraphs; scores and margins depend on
 * that size, so the model learns from corpora like the ones it will judge.
 */
export function splitIntoCorpora(squad: SquadFile, size: number, seed: number): EvalSet[] {
  const paragraphs = squad.data.flatMap((entry) =>
    entry.paragraphs.map((paragraph) => ({ title: entry.title, paragraph })),
  );
  const order = shuffled(paragraphs, seededRandom(seed));
  const count = Math.max(1, Math.round(order.length / size));
  return Array.from({ length: count }, (_, k) => {
    const part = order.filter((_, i) => i % count === k);
    return squadToEvalSet({ data: part.map(({ title, paragraph }) => ({ title, paragraphs: [paragraph] })) });
  });
}

/** Whitespace and case folded: the same paragraph copied into two sets compares equal. */
function paragraphKey(text: string): string {
  return text.toLowerCase().replace(/\s+/g, " ").trim();
}

/**
 * The set without the paragraphs (and their questions) that `exclude` holds. The shared FacQA
 * train split repeats 136 of the 206 paragraphs of FacQA valid: fitting on them would make the dev
 * figures no evidence.
 */
export function withoutParagraphs(squad: SquadFile, exclude: readonly SquadFile[]): SquadFile {
  const excluded = new Set(
    exclude.flatMap((set) => set.data.flatMap((e) => e.paragraphs.map((p) => paragraphKey(p.context)))),
  );
  return {
    data: squad.data
      .map((entry) => ({
        ...entry,
        paragraphs: entry.paragraphs.filter((p) => !excluded.has(paragraphKey(p.context))),
      }))
      .filter((entry) => entry.paragraphs.length > 0),
  };
}

/** One question's signals and whether the bot's first passage was right (never for an unanswerable one). */
export interface TrainingRow {
  signals: ConfidenceSignals;
  vector: number[];
  correct: boolean;
  answerable: boolean;
  source: string;
  /** 0 or 1 by corpus: the threshold is chosen on probabilities from a model fitted on the other fold. */
  fold: number;
}

function rowOf(kb: KnowledgeBase, question: EvalQuestion, source: string, fold: number): TrainingRow[] {
  const answer = kb.ask(question.question, 1);
  // Nothing searched (no content words): the bot declines without consulting the model.
  if (!answer.signals) return [];
  const first = answer.results[0]?.passage.id;
  const correct = question.gold !== null && first !== undefined && question.gold.includes(first);
  const vector = signalVector(answer.signals, SIGNAL_NAMES);
  return [{ signals: answer.signals, vector, correct, answerable: question.gold !== null, source, fold }];
}

/**
 * The question with one typo in one of its longer words (a letter dropped, doubled, swapped with
 * its neighbour or replaced), as people type in chat. Undefined when it has no word of 5+ letters.
 */
export function withTypo(question: string, random: () => number): string | undefined {
  const words = [...question.matchAll(/\p{L}{5,}/gu)];
  if (words.length === 0) return undefined;
  const match = words[Math.floor(random() * words.length)] as RegExpMatchArray;
  const word = match[0];
  const at = 1 + Math.floor(random() * (word.length - 2));
  const letters = "abcdefghijklmnopqrstuvwxyz";
  const edits = [
    () => word.slice(0, at) + word.slice(at + 1),
    () => word.slice(0, at) + (word[at] as string) + word.slice(at),
    () => word.slice(0, at - 1) + (word[at] as string) + (word[at - 1] as string) + word.slice(at + 1),
    () => word.slice(0, at) + (letters[Math.floor(random() * letters.length)] as string) + word.slice(at + 1),
  ];
  let typo = word;
  // A replacement can draw the same letter; draw again until the word changes.
  while (typo === word) typo = (edits[Math.floor(random() * edits.length)] as () => string)();
  const start = match.index ?? 0;
  return question.slice(0, start) + typo + question.slice(start + word.length);
}

/**
 * Asks every question of every corpus and records what the confidence model would read. With
 * `typoShare`, that share of questions is also asked with a typo (`withTypo`). With
 * `offCorpusShare`, that share of the answerable questions is also asked of the next corpus, which
 * lacks their paragraph: questions about something the corpus does not hold, as off-topic and
 * near-topic questions are for the bot, labelled as never right.
 */
export function collectRows(
  corpora: readonly EvalSet[],
  source: string,
  {
    offCorpusShare = 0,
    typoShare = 0,
    seed = 1,
    options = {},
  }: { offCorpusShare?: number; typoShare?: number; seed?: number; options?: KnowledgeBaseOptions } = {},
): TrainingRow[] {
  const random = seededRandom(seed);
  // Signals do not depend on the model: a model with no features keeps training independent of the shipped one.
  const blank = fixedConfidence(0.5, 1);
  const bases = corpora.map((set) => new KnowledgeBase(set.passages, { confidence: blank, ...options }));
  return corpora.flatMap((set, k) => {
    const kb = bases[k] as KnowledgeBase;
    const other = bases[(k + 1) % bases.length] as KnowledgeBase;
    return set.questions.flatMap((q) => {
      const fold = k % 2;
      const rows = rowOf(kb, q, source, fold);
      const typo = random() < typoShare ? withTypo(q.question, random) : undefined;
      if (typo !== undefined) rows.push(...rowOf(kb, { ...q, question: typo }, `${source} typo`, fold));
      if (q.gold !== null && other !== kb && random() < offCorpusShare) {
        rows.push(...rowOf(other, { ...q, gold: null }, `${source} off-corpus`, fold));
      }
      return rows;
    });
  });
}

/**
 * Where the "answer" tier begins: the lowest probability at which the answerable questions at or
 * above it are right at least `precision` of the time. Answerable questions only: the bot is asked
 * mostly about its articles, and the abstention rule takes the rest (see tierOf).
 */
export function chooseAnswerThreshold(
  scored: readonly { probability: number; correct: boolean; answerable: boolean }[],
  precision: number,
): number {
  const answerable = scored.filter((s) => s.answerable).sort((a, b) => b.probability - a.probability);
  if (answerable.length === 0) throw new Error("chooseAnswerThreshold needs answerable questions");
  let threshold = 1;
  let right = 0;
  answerable.forEach((s, i) => {
    if (s.correct) right += 1;
    // Only cut between distinct probabilities, so the threshold is a real boundary.
    if (answerable[i + 1]?.probability === s.probability) return;
    if (right / (i + 1) >= precision) threshold = s.probability;
  });
  return threshold;
}
