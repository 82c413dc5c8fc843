/**
 * Reading the feedback file back: which passages and questions people found unhelpful, and the
 * unhelpful questions as a golden set to fill in (see `exportNotHelpful`).
 */
import type { Tier } from "../search/confidence.js";
import { type FeedbackRecord, feedbackRecordProblem } from "./store.js";

/** Every record starts so (the store writes `time` first); a JSON string cannot hold it unescaped. */
const RECORD_START = '{"time":';

function parseRecord(line: string): FeedbackRecord | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (feedbackRecordProblem(value) !== undefined) return undefined;
  const r = value as FeedbackRecord;
  // Only the known fields: a later version's extra fields are not carried into exports.
  return {
    time: r.time,
    corpusVersion: r.corpusVersion,
    answer: r.answer,
    question: r.question,
    passageId: r.passageId,
    tier: r.tier,
    confidence: r.confidence,
    vote: r.vote,
    user: r.user,
  };
}

/**
 * The records of a feedback file, in file order. A line that is not a whole record is counted in
 * `malformed` and skipped, never thrown: one damaged line must not hide the others. When a line was cut
 * short (a full disk, a power cut) and the next vote was appended to it, that vote is still read.
 */
export function readFeedback(text: string): { records: FeedbackRecord[]; malformed: number } {
  const records: FeedbackRecord[] = [];
  let malformed = 0;
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    const record = parseRecord(line);
    if (record !== undefined) {
      records.push(record);
      continue;
    }
    malformed += 1;
    const start = line.lastIndexOf(RECORD_START);
    const tail = start > 0 ? parseRecord(line.slice(start)) : undefined;
    if (tail !== undefined) records.push(tail);
  }
  return { records, malformed };
}

/**
 * One vote per user per answer: the last record for an (answer, user) pair wins, so a second click that
 * changes the vote replaces the first. In file order of those last records (the order they were cast).
 */
export function effectiveVotes(records: readonly FeedbackRecord[]): FeedbackRecord[] {
  const seen = new Set<string>();
  const latestFirst: FeedbackRecord[] = [];
  for (let i = records.length - 1; i >= 0; i--) {
    const record = records[i] as FeedbackRecord;
    const key = JSON.stringify([record.answer, record.user]);
    if (seen.has(key)) continue;
    seen.add(key);
    latestFirst.push(record);
  }
  return latestFirst.reverse();
}

/** How a question is grouped: the exact text with its whitespace normalised. */
export function normaliseQuestion(question: string): string {
  return question.trim().replace(/\s+/g, " ");
}

/** What passage tallies are keyed by when the bot quoted none (it said the article does not answer). */
export const NO_PASSAGE = "(none)";
/** A vote on an answer from an older corpus version: its passage numbers mean nothing in this one. */
export const OLDER_CORPUS = "(older corpus)";

export interface VoteCounts {
  up: number;
  down: number;
}

export interface PassageTally extends VoteCounts {
  /** The quoted passage's id, or NO_PASSAGE. */
  passage: string;
}

export interface QuestionTally extends VoteCounts {
  /** Whitespace normalised. */
  question: string;
  /** The passage and tier of the latest vote on this question (the bot's answer may have changed). */
  passageId: string | null;
  tier: Tier;
  corpusVersion: string;
}

export interface Tally {
  /** Records read, every click included. */
  records: number;
  /** Votes counted: one per user per answer. */
  votes: number;
  /** Distinct answers rated. */
  answers: number;
  /** Most "Not helpful" first, then fewest "Helpful", then by name. */
  passages: PassageTally[];
  questions: QuestionTally[];
}

function worstFirst<T extends VoteCounts>(key: (t: T) => string): (a: T, b: T) => number {
  return (a, b) => b.down - a.down || a.up - b.up || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
}

function countVote(counts: VoteCounts, record: FeedbackRecord): void {
  if (record.vote === "up") counts.up += 1;
  else counts.down += 1;
}

/** Votes per passage and per question, each user's last vote on an answer counted once. */
export function tally(records: readonly FeedbackRecord[]): Tally {
  const votes = effectiveVotes(records);
  const passages = new Map<string, PassageTally>();
  const questions = new Map<string, QuestionTally>();
  for (const record of votes) {
    // "Not in the article" answers have no passage; answers from an older corpus, one not known here.
    const passage = record.passageId ?? (record.tier === "none" ? NO_PASSAGE : OLDER_CORPUS);
    let p = passages.get(passage);
    if (p === undefined) {
      p = { passage, up: 0, down: 0 };
      passages.set(passage, p);
    }
    countVote(p, record);
    const question = normaliseQuestion(record.question);
    const counts = questions.get(question) ?? { up: 0, down: 0 };
    // Votes come in the order they were cast: each one brings the question's latest answer.
    const q: QuestionTally = {
      question,
      up: counts.up,
      down: counts.down,
      passageId: record.passageId,
      tier: record.tier,
      corpusVersion: record.corpusVersion,
    };
    countVote(q, record);
    questions.set(question, q);
  }
  return {
    records: records.length,
    votes: votes.length,
    answers: new Set(votes.map((v) => v.answer)).size,
    passages: [...passages.values()].sort(worstFirst((p) => p.passage)),
    questions: [...questions.values()].sort(worstFirst((q) => q.question)),
  };
}

/** One question of the export: a golden-set entry plus what the bot did. */
export interface ExportedQuestion {
  question: string;
  category: "feedback";
  /** Null until a person sets it: the golden loader then treats it as a question the bot must not answer. */
  expected: string | string[] | null;
  /** The passage the bot quoted on the latest vote (null: it said the article does not answer). */
  quoted: string | null;
  tier: Tier;
  corpusVersion: string;
  votes: VoteCounts;
}

export interface NotHelpfulExport {
  description: string;
  questions: ExportedQuestion[];
}

export const EXPORT_DESCRIPTION =
  'Questions users rated "Not helpful", exported by npm run feedback -- --export. NOT A TEST SET YET: ' +
  "every expected is null. For each question, a person reads the article and sets expected to the id of " +
  'the passage that answers it (for example "jack-ma-5-janji:30", or a list when several answer equally), ' +
  "or keeps null when the article does not answer it (the bot must then say so). Only then can the file be " +
  "used with npm run eval -- FILE or merged into tests/golden/questions.json. quoted: the passage the bot " +
  "quoted on the latest vote (null: it said the article does not answer), with its tier and corpusVersion; " +
  'votes: the question\'s votes, one per user per answer, the last click counting. A question is listed when at least one vote is "Not helpful".';

/**
 * The questions with at least one "Not helpful" vote (each user's last vote on an answer), once each,
 * most "Not helpful" first, in the golden set's format (tests/golden/questions.json) with `expected`
 * left null for a person to fill in.
 */
export function exportNotHelpful(records: readonly FeedbackRecord[]): NotHelpfulExport {
  return {
    description: EXPORT_DESCRIPTION,
    questions: tally(records)
      .questions.filter((q) => q.down > 0)
      .map((q) => ({
        question: q.question,
        category: "feedback",
        expected: null,
        quoted: q.passageId,
        tier: q.tier,
        corpusVersion: q.corpusVersion,
        votes: { up: q.up, down: q.down },
      })),
  };
}
