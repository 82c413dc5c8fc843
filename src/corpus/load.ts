import { constants } from "node:fs";
import { type FileHandle, readdir, realpath } from "node:fs/promises";
import { isAbsolute, join, relative, sep } from "node:path";
import { readBounded } from "../fs/read-bounded.js";
import {
  NotARegularFileError,
  type OpenedRegularFile,
  openRegularFileWithStats,
} from "../fs/regular-file.js";
import { errorCode } from "../guards.js";
import { printable } from "../printable.js";
import { CorpusError, parseArticle } from "./parse.js";
import type { Article } from "./types.js";

/** Larger files are almost certainly not a news article (a dump or a binary dropped in by mistake). */
export const MAX_ARTICLE_BYTES = 2 * 1024 * 1024;

/**
 * Passages in the whole corpus: over twice the 87,245 of the 10,000-article benchmark corpus (181 MB of
 * index), so memory and start-up stay bounded however many files the folder holds.
 */
export const MAX_CORPUS_PASSAGES = 200_000;

/**
 * Bytes of article files in the whole corpus, counted from each file's size before it is read: the
 * paragraph cap is only known after parsing, so without this every file would be in memory first. The
 * 10,000-article benchmark corpus writes 34.8 MB; at its ~400 bytes a paragraph, 200,000 paragraphs are
 * 80 MB. 128 MiB is over three times the first and well above the second.
 */
export const MAX_CORPUS_BYTES = 128 * 1024 * 1024;

/**
 * `.md` files in the folder, refused before any is opened. Every article has at least one paragraph,
 * so more files than the paragraph cap could never load: this refuses nothing that would have.
 */
export const MAX_CORPUS_FILES = MAX_CORPUS_PASSAGES;

/** The caps a corpus is loaded under; tests lower them rather than write hundreds of megabytes. */
export interface CorpusLimits {
  maxFiles: number;
  maxBytes: number;
  maxPassages: number;
}

/** The caps with defaults filled in field by field: a cap given as undefined keeps its default, never lifts it. */
export function corpusLimits(caps: Partial<CorpusLimits> = {}): CorpusLimits {
  return {
    maxFiles: caps.maxFiles ?? MAX_CORPUS_FILES,
    maxBytes: caps.maxBytes ?? MAX_CORPUS_BYTES,
    maxPassages: caps.maxPassages ?? MAX_CORPUS_PASSAGES,
  };
}

/** Files are read this many at a time: a news archive has thousands, and each read waits on the disk. */
const READ_CONCURRENCY = 32;

/** Follows links, but only to files inside the corpus folder: a link must not publish /etc/passwd. */
async function resolveInside(file: string, folder: string): Promise<string> {
  let real: string;
  try {
    real = await realpath(file);
  } catch (error) {
    if (errorCode(error) === "ENOENT") throw new CorpusError(file, "is a link to a file that does not exist");
    throw new CorpusError(file, `cannot be read (${errorCode(error) ?? String(error)})`);
  }
  const path = relative(folder, real);
  if (path === "" || path === ".." || path.startsWith(`..${sep}`) || isAbsolute(path)) {
    throw new CorpusError(
      file,
      `links outside the corpus folder (to ${printable(real)}); only files inside it are loaded`,
    );
  }
  return real;
}

/** Opens an article that is a regular file inside the folder, within the per-file cap; nothing is read yet. */
async function openArticle(file: string, folder: string): Promise<{ handle: FileHandle; size: number }> {
  const real = await resolveInside(file, folder);
  let opened: OpenedRegularFile;
  try {
    opened = await openRegularFileWithStats(real, constants.O_RDONLY);
  } catch (error) {
    if (error instanceof NotARegularFileError) {
      throw new CorpusError(file, `is not a regular file but a ${error.kind}; an article is a .md file`);
    }
    throw new CorpusError(file, `cannot be read (${errorCode(error) ?? String(error)})`);
  }
  const { handle, stats } = opened;
  if (stats.size > MAX_ARTICLE_BYTES) {
    await handle.close();
    throw new CorpusError(file, `is ${stats.size} bytes; an article may be at most ${MAX_ARTICLE_BYTES}`);
  }
  return { handle, size: stats.size };
}

/**
 * Reads the files concurrently, keeping their order; the first error in name order is the one reported.
 * Each file's size is added to the corpus total before its contents are read, in name order (a file
 * waits for the files before it to be counted), so the file named at the byte cap never depends on
 * which open finished first; past the cap no further file is opened.
 */
async function readAll(files: readonly string[], folder: string, maxBytes: number): Promise<Uint8Array[]> {
  const results: Promise<Uint8Array>[] = [];
  let next = 0;
  let total = 0;
  let overCap = false;
  let counted: Promise<void> = Promise.resolve();
  const worker = async (): Promise<void> => {
    while (next < files.length && !overCap) {
      const i = next++;
      const file = files[i] as string;
      const earlier = counted;
      let release = (): void => undefined;
      counted = new Promise<void>((resolve) => {
        release = resolve;
      });
      const read = async (): Promise<Uint8Array> => {
        const { handle, size } = await openArticle(file, folder);
        try {
          let corpusBytes: number;
          try {
            await earlier;
            total += size;
            corpusBytes = total;
          } finally {
            release();
          }
          if (corpusBytes > maxBytes) {
            overCap = true;
            throw new CorpusError(
              file,
              `brings the corpus to ${corpusBytes} bytes; a corpus may hold at most ${maxBytes} bytes (keep fewer or shorter articles)`,
            );
          }
          return await readBounded(handle, size);
        } finally {
          await handle.close();
        }
      };
      results[i] = read();
      // A file refused before it was counted still gives the next file its turn, after the earlier ones.
      await results[i]?.catch(() => earlier.then(release));
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, files.length) }, worker));
  return Promise.all(results);
}

/**
 * The names of the articles in the folder. Hidden files are skipped without a word: editors' lock
 * and backup files and macOS's `._` files are hidden, and are not articles. A `.MD` file is
 * refused rather than skipped: it was surely meant as an article, and silence would hide it.
 */
function articleNames(dir: string, names: readonly string[]): string[] {
  const articles: string[] = [];
  for (const name of [...names].sort()) {
    if (name.startsWith(".") || !/\.md$/i.test(name)) continue;
    if (!name.endsWith(".md")) {
      const renamed = `${name.slice(0, -3)}.md`;
      throw new CorpusError(join(dir, name), `only .md files are loaded; rename it to ${printable(renamed)}`);
    }
    articles.push(name);
  }
  return articles;
}

/** Loads every `.md` file in `dir`, in name order, so adding an article needs no code. */
export async function loadCorpus(dir: string, caps: Partial<CorpusLimits> = {}): Promise<Article[]> {
  const limits = corpusLimits(caps);
  let folder: string;
  let names: string[];
  try {
    folder = await realpath(dir);
    names = await readdir(folder);
  } catch {
    throw new CorpusError(dir, "corpus folder not found (set CORPUS_DIR or pass --corpus DIR)");
  }
  const files = articleNames(dir, names);
  if (files.length === 0) throw new CorpusError(dir, "corpus folder has no .md articles");
  if (files.length > limits.maxFiles) {
    throw new CorpusError(
      dir,
      `has ${files.length} .md articles; a corpus may hold at most ${limits.maxFiles} (keep fewer articles)`,
    );
  }

  const paths = files.map((name) => join(dir, name));
  const contents = await readAll(paths, folder, limits.maxBytes);
  const articles: Article[] = [];
  const fileBySlug = new Map<string, string>();
  const fileByContent = new Map<string, string>();
  let passageCount = 0;
  for (const [i, file] of paths.entries()) {
    const article = parseArticle(file, contents[i] as Uint8Array);
    passageCount += article.passages.length;
    if (passageCount > limits.maxPassages) {
      throw new CorpusError(
        file,
        `brings the corpus to ${passageCount} paragraphs; a corpus may hold at most ${limits.maxPassages} (keep fewer or shorter articles)`,
      );
    }
    const clash = fileBySlug.get(article.slug);
    if (clash)
      throw new CorpusError(file, `has the same article slug "${article.slug}" as ${printable(clash)}`);
    fileBySlug.set(article.slug, file);
    // A copy under another file name would show every answer and every /about line twice.
    const content = [article.meta.title.toLowerCase(), ...article.passages.map((p) => p.text)].join("\0");
    const copyOf = fileByContent.get(content);
    if (copyOf)
      throw new CorpusError(file, `has the same title and text as ${printable(copyOf)}: keep one of them`);
    fileByContent.set(content, file);
    articles.push(article);
  }
  return articles;
}
