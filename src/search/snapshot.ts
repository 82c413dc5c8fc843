import { createHash } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Article, Passage } from "../corpus/types.js";
import { DEFAULT_ANALYZER_OPTIONS } from "./analyzer.js";
import { INFORMAL_ID } from "./informal-id.js";
import { type IndexSnapshot, KnowledgeBase, type KnowledgeBaseOptions } from "./knowledge-base.js";
import { NUMBER_WORDS } from "./numbers.js";
import { ENGLISH_STOPWORDS, MEANINGFUL_STOPWORDS, QUESTION_WORDS, STOPWORDS } from "./stopwords.js";

/** Bump when a change to the analysis code alters the terms it makes (its word lists count by themselves). */
export const ANALYZER_VERSION = 1;

/**
 * What a snapshot depends on: the passages, the options, the analyzer's version and the word lists
 * it uses. Any change gives another key, so a stale snapshot is never loaded.
 */
export function snapshotKey(passages: readonly Passage[], options: KnowledgeBaseOptions): string {
  const hash = createHash("sha256");
  hash.update(
    JSON.stringify({
      version: ANALYZER_VERSION,
      analyzer: { ...DEFAULT_ANALYZER_OPTIONS, ...options.analyzer },
      ranking: options.ranking ?? {},
      lists: [STOPWORDS, ENGLISH_STOPWORDS, MEANINGFUL_STOPWORDS, QUESTION_WORDS].map((list) => [...list]),
      informal: INFORMAL_ID,
      numbers: NUMBER_WORDS,
    }),
  );
  for (const p of passages) hash.update(`\0${p.id}\0${p.articleTitle}\0${p.section ?? ""}\0${p.text}`);
  return hash.digest("hex").slice(0, 16);
}

export interface SnapshotResult {
  kb: KnowledgeBase;
  /** Whether the index came from disk (false: built, then written for next time). */
  loaded: boolean;
  file: string;
}

function isSnapshot(value: unknown): value is IndexSnapshot {
  const v = value as Partial<IndexSnapshot> | null;
  return (
    typeof v === "object" && v !== null && typeof v.index === "object" && Array.isArray(v.documentFrequency)
  );
}

/**
 * Loads the index from `dir` when a snapshot for exactly these passages and options is there;
 * otherwise builds it and writes the snapshot (to a temporary file renamed into place, so a
 * process reading at the same time never sees half a file). A snapshot that cannot be read is
 * rebuilt rather than trusted.
 */
export async function loadOrBuildIndex(
  dir: string,
  articles: readonly Article[],
  options: KnowledgeBaseOptions = {},
): Promise<SnapshotResult> {
  const passages = articles.flatMap((a) => a.passages);
  const file = join(dir, `index-${snapshotKey(passages, options)}.json`);
  try {
    const parsed: unknown = JSON.parse(await readFile(file, "utf8"));
    if (isSnapshot(parsed)) return { kb: new KnowledgeBase(passages, options, parsed), loaded: true, file };
  } catch {
    // No snapshot yet, or an unreadable one: build below.
  }
  const kb = new KnowledgeBase(passages, options);
  await mkdir(dir, { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify(kb.toSnapshot()));
  await rename(temporary, file);
  return { kb, loaded: false, file };
}
