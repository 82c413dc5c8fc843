import { type FileHandle, open, readdir, realpath } from "node:fs/promises";
import { isAbsolute, join, relative, sep } from "node:path";
import { OPEN_FLAGS, readBounded } from "../fs/read-bounded.js";
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

async function readArticleFile(file: string, folder: string): Promise<Uint8Array> {
  const real = await resolveInside(file, folder);
  let handle: FileHandle;
  try {
    handle = await open(real, OPEN_FLAGS);
  } catch (error) {
    // A socket cannot be opened at all (ENXIO); anything else is named by its code.
    if (errorCode(error) === "ENXIO") throw new CorpusError(file, "is not a regular file");
    throw new CorpusError(file, `cannot be read (${errorCode(error) ?? String(error)})`);
  }
  try {
    // Checked on the open file, so what is read is what was checked.
    const info = await handle.stat();
    if (!info.isFile()) {
      throw new CorpusError(
        file,
        "is not a regular file (a folder, a pipe or a device); an article is a .md file",
      );
    }
    if (info.size > MAX_ARTICLE_BYTES) {
      throw new CorpusError(file, `is ${info.size} bytes; an article may be at most ${MAX_ARTICLE_BYTES}`);
    }
    return await readBounded(handle, info.size);
  } finally {
    await handle.close();
  }
}

/** Reads the files concurrently, keeping their order; the first error in name order is the one reported. */
async function readAll(files: readonly string[], folder: string): Promise<Uint8Array[]> {
  const results: Promise<Uint8Array>[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      const i = next++;
      results[i] = readArticleFile(files[i] as string, folder);
      await results[i]?.catch(() => undefined);
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
export async function loadCorpus(dir: string): Promise<Article[]> {
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

  const paths = files.map((name) => join(dir, name));
  const contents = await readAll(paths, folder);
  const articles: Article[] = [];
  const fileBySlug = new Map<string, string>();
  const fileByContent = new Map<string, string>();
  let passageCount = 0;
  for (const [i, file] of paths.entries()) {
    const article = parseArticle(file, contents[i] as Uint8Array);
    passageCount += article.passages.length;
    if (passageCount > MAX_CORPUS_PASSAGES) {
      throw new CorpusError(
        file,
        `brings the corpus to ${passageCount} paragraphs; a corpus may hold at most ${MAX_CORPUS_PASSAGES} (keep fewer or shorter articles)`,
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
