import { createHash, randomUUID } from "node:crypto";
import { constants } from "node:fs";
import { mkdir, readdir, rename, rm, stat, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Article, Passage } from "../corpus/types.js";
import { readBounded } from "../fs/read-bounded.js";
import {
  NotARegularFileError,
  type OpenedRegularFile,
  openRegularFileWithStats,
} from "../fs/regular-file.js";
import { errorCode } from "../guards.js";
import { DEFAULT_ANALYZER_OPTIONS } from "./analyzer.js";
import { INFORMAL_ID } from "./informal-id.js";
import {
  type IndexSnapshot,
  KnowledgeBase,
  type KnowledgeBaseOptions,
  MiniSearchShapeError,
} from "./knowledge-base.js";
import { NUMBER_WORDS } from "./numbers.js";
import { ENGLISH_STOPWORDS, MEANINGFUL_STOPWORDS, QUESTION_WORDS, STOPWORDS } from "./stopwords.js";

/** Bump when a change to the analysis code alters the terms it makes (its word lists count by themselves). */
export const ANALYZER_VERSION = 2;

/** The first line of a snapshot file says what it is; the index follows on the next line. */
const FORMAT = "tanya-artikel index snapshot";
const FORMAT_VERSION = 2;
/** A header is a short line; a file without a newline this early is not a snapshot. */
const MAX_HEADER_CHARS = 1_024;
/** A snapshot measured 1 to 2 bytes per character of indexed text; far more is not one of ours. */
const SIZE_PER_TEXT_CHAR = 10;
const SIZE_SLACK_BYTES = 1024 * 1024;
/** Past this a snapshot is neither read nor written: parsing it would cost more than building. */
export const MAX_SNAPSHOT_BYTES = 256 * 1024 * 1024;
/** Snapshots of older corpora are kept for switching back; more only fill the disk. */
export const KEPT_SNAPSHOTS = 3;
const SNAPSHOT_NAME = /^index-[0-9a-f]{16}\.json$/;
/** A random UUID, or a pid as older versions named them. */
const TEMPORARY_NAME = /^index-[0-9a-f]{16}\.json\.(?:[0-9a-f-]{36}|\d+)\.tmp$/;
/** A temporary file this old was left by a process that died while writing. */
const STALE_TEMPORARY_MS = 60 * 60 * 1000;

/**
 * A sha256 of what a snapshot depends on: the passages, the options, the analyzer's version and
 * the word lists it uses. Any change gives another hash, so a stale snapshot is never loaded.
 */
export function contentHash(passages: readonly Passage[], options: KnowledgeBaseOptions): string {
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
  return hash.digest("hex");
}

/** The short form of `contentHash` that names the snapshot file. */
export function snapshotKey(passages: readonly Passage[], options: KnowledgeBaseOptions): string {
  return contentHash(passages, options).slice(0, 16);
}

export interface SnapshotResult {
  kb: KnowledgeBase;
  /** Whether the index came from disk (false: built, then written for next time if the folder allows). */
  loaded: boolean;
  file: string;
  /** Why a snapshot was not used or not written, for the caller to log once; the index works regardless. */
  warning?: string;
}

interface Header {
  format: string;
  version: number;
  /** contentHash of what the index was built from. */
  content: string;
  /**
   * sha256 of the body line: a corruption check (a truncated or damaged write), not a signature. It
   * is unkeyed, so whoever can write the file can recompute it; the cache folder must be the bot's own.
   */
  body: string;
}

const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex");

function isHeader(value: unknown): value is Header {
  const v = value as Partial<Header> | null;
  return (
    typeof v === "object" &&
    v !== null &&
    v.format === FORMAT &&
    v.version === FORMAT_VERSION &&
    typeof v.content === "string" &&
    typeof v.body === "string"
  );
}

function isSnapshot(value: unknown): value is IndexSnapshot {
  const v = value as Partial<IndexSnapshot> | null;
  return (
    typeof v === "object" &&
    v !== null &&
    typeof v.index === "object" &&
    v.index !== null &&
    typeof v.index.documentIds === "object" &&
    v.index.documentIds !== null &&
    Array.isArray(v.documentFrequency)
  );
}

/** A snapshot about as large as the corpus makes; an oversized file is refused before it is read. */
function sizeLimit(passages: readonly Passage[]): number {
  let chars = 0;
  for (const p of passages)
    chars += p.id.length + p.articleTitle.length + (p.section ?? "").length + p.text.length;
  return Math.min(MAX_SNAPSHOT_BYTES, SIZE_SLACK_BYTES + SIZE_PER_TEXT_CHAR * chars);
}

const reason = (error: unknown): string =>
  error instanceof Error ? ((error as NodeJS.ErrnoException).code ?? error.message) : String(error);

/**
 * The text of `file`, or why it is not read; undefined when there is none. Opened without following
 * a link and without waiting for a FIFO's writer, then checked and read through the open handle, so
 * what is read is what was checked: a file swapped in after a look at its path cannot slip through.
 */
async function readSmallFile(
  file: string,
  limit: number,
): Promise<{ text: string } | { problem: string } | undefined> {
  let opened: OpenedRegularFile;
  try {
    opened = await openRegularFileWithStats(file, constants.O_RDONLY);
  } catch (error) {
    // The cache writes regular files only: a link there was put there by something else.
    if (error instanceof NotARegularFileError) {
      return {
        problem:
          error.kind === "symbolic link"
            ? "is a link, not a file the index cache wrote"
            : "is not a regular file",
      };
    }
    if (errorCode(error) === "ENOENT") return undefined; // No snapshot yet.
    throw error;
  }
  const { handle, stats } = opened;
  try {
    if (stats.size > limit)
      return { problem: `is ${stats.size} bytes, more than the ${limit} this corpus could make` };
    // Bounded by the size checked: a file still growing is read no further.
    const bytes = await readBounded(handle, stats.size);
    return { text: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8") };
  } finally {
    await handle.close();
  }
}

/** The index in `file`, why it cannot be trusted for these passages, or undefined when there is none to use. */
async function readSnapshot(
  file: string,
  passages: readonly Passage[],
  content: string,
): Promise<IndexSnapshot | { problem: string } | undefined> {
  const read = await readSmallFile(file, sizeLimit(passages));
  if (read === undefined || "problem" in read) return read;
  const text = read.text;
  const newline = text.indexOf("\n");
  let header: unknown;
  try {
    header = newline > 0 && newline <= MAX_HEADER_CHARS ? JSON.parse(text.slice(0, newline)) : undefined;
  } catch {
    header = undefined;
  }
  // An older version's snapshot (or a damaged one) is simply rebuilt: nothing to warn about.
  if (!isHeader(header)) return undefined;
  if (header.content !== content) return { problem: "was built from other passages or options" };
  const body = text.slice(newline + 1);
  if (sha256(body) !== header.body) return { problem: "does not match its checksum" };
  const snapshot: unknown = JSON.parse(body);
  if (!isSnapshot(snapshot)) return { problem: "does not hold an index" };
  // The checksum catches corruption, not a deliberate edit (it can be recomputed): at least an index
  // of passages this corpus does not have is refused.
  const ids = Object.values(snapshot.index.documentIds);
  const known = new Set(passages.map((p) => p.id));
  if (ids.length !== known.size || new Set(ids).size !== ids.length || !ids.every((id) => known.has(id))) {
    return { problem: "indexes passages the corpus does not have" };
  }
  return snapshot;
}

/** Removes all but the newest snapshots, and temporary files left by a writer that died. Best effort. */
async function prune(dir: string, current: string): Promise<void> {
  const now = Date.now();
  const snapshots: { file: string; mtime: number }[] = [];
  for (const name of await readdir(dir)) {
    const file = join(dir, name);
    const snapshot = SNAPSHOT_NAME.test(name) && file !== current;
    if (!snapshot && !TEMPORARY_NAME.test(name)) continue;
    // Another process (a shard) may be pruning too: a file gone in between is no error.
    const mtime = (await stat(file).catch(() => undefined))?.mtimeMs;
    if (mtime === undefined) continue;
    if (snapshot) snapshots.push({ file, mtime });
    else if (now - mtime > STALE_TEMPORARY_MS) await rm(file, { force: true });
  }
  snapshots.sort((a, b) => b.mtime - a.mtime);
  for (const { file } of snapshots.slice(KEPT_SNAPSHOTS - 1)) await rm(file, { force: true });
}

/** An index whose snapshot the next start would refuse to read: the folder is fine, the index too big. */
class SnapshotTooLargeError extends Error {
  constructor(
    readonly bytes: number,
    readonly limit: number,
  ) {
    super(`the index is ${bytes} bytes, more than the ${limit} a snapshot of this corpus may be`);
  }
}

/** Writes to a temporary file renamed into place, so a process reading at the same time never sees half a file. */
async function writeSnapshot(
  dir: string,
  file: string,
  content: string,
  kb: KnowledgeBase,
  limit: number,
): Promise<void> {
  const body = JSON.stringify(kb.toSnapshot());
  const header: Header = { format: FORMAT, version: FORMAT_VERSION, content, body: sha256(body) };
  const text = `${JSON.stringify(header)}\n${body}`;
  // A file the next start would refuse to read is not worth writing.
  const bytes = Buffer.byteLength(text);
  if (bytes > limit) throw new SnapshotTooLargeError(bytes, limit);
  await mkdir(dir, { recursive: true });
  // Random, not the pid: containers sharing the folder all run as pid 1. `wx`: never another's file.
  const temporary = `${file}.${randomUUID()}.tmp`;
  try {
    await writeFile(temporary, text, { flag: "wx" });
  } catch (error) {
    // EEXIST: the file is not ours to remove. Otherwise it may be half written.
    if ((error as NodeJS.ErrnoException).code !== "EEXIST")
      await rm(temporary, { force: true }).catch(() => undefined);
    throw error;
  }
  try {
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => undefined);
    throw error;
  }
}

/**
 * Loads the index from `dir` when a snapshot for exactly these passages and options is there and
 * its corruption checks hold; otherwise builds it and writes the snapshot. The cache only saves time: a
 * snapshot that cannot be trusted is rebuilt, and a folder that cannot be written is reported in
 * `warning` while the index built in memory is used.
 */
export async function loadOrBuildIndex(
  dir: string,
  articles: readonly Article[],
  options: KnowledgeBaseOptions = {},
): Promise<SnapshotResult> {
  const passages = articles.flatMap((a) => a.passages);
  const content = contentHash(passages, options);
  const file = join(dir, `index-${content.slice(0, 16)}.json`);
  const warnings: string[] = [];
  try {
    const found = await readSnapshot(file, passages, content);
    if (found && "problem" in found) {
      warnings.push(`index snapshot ${file} ${found.problem}; rebuilt it`);
    } else if (found) {
      const kb = new KnowledgeBase(passages, options, found);
      // Marks it recently used, so pruning keeps it (a read-only folder keeps it anyway).
      const now = new Date();
      await utimes(file, now, now).catch(() => undefined);
      return { kb, loaded: true, file };
    }
  } catch (error) {
    // Not the snapshot's fault: building would fail the same way, so it stops start-up at once.
    if (error instanceof MiniSearchShapeError) throw error;
    warnings.push(`index snapshot ${file} could not be read (${reason(error)}); rebuilt it`);
  }
  const kb = new KnowledgeBase(passages, options);
  try {
    await writeSnapshot(dir, file, content, kb, sizeLimit(passages));
    await prune(dir, file).catch(() => undefined);
  } catch (error) {
    warnings.push(
      error instanceof SnapshotTooLargeError
        ? `index snapshot ${file} not written: ${error.message}; the index is built at every start`
        : `index cache folder ${dir} cannot be written (${reason(error)}); the index is built at every start until it can`,
    );
  }
  return warnings.length > 0
    ? { kb, loaded: false, file, warning: warnings.join("; ") }
    : { kb, loaded: false, file };
}
