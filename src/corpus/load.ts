import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { CorpusError, parseArticle } from "./parse.js";
import type { Article } from "./types.js";

/** Larger files are almost certainly not a news article (a dump or a binary dropped in by mistake). */
export const MAX_ARTICLE_BYTES = 2 * 1024 * 1024;

/** Files are read this many at a time: a news archive has thousands, and each read waits on the disk. */
const READ_CONCURRENCY = 32;

async function readArticleFile(file: string): Promise<Uint8Array> {
  const { size } = await stat(file);
  if (size > MAX_ARTICLE_BYTES) {
    throw new CorpusError(file, `is ${size} bytes; an article may be at most ${MAX_ARTICLE_BYTES}`);
  }
  return readFile(file);
}

/** Reads the files concurrently, keeping their order; the first error in name order is the one reported. */
async function readAll(files: readonly string[]): Promise<Uint8Array[]> {
  const results: Promise<Uint8Array>[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      const i = next++;
      results[i] = readArticleFile(files[i] as string);
      await results[i]?.catch(() => undefined);
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, files.length) }, worker));
  return Promise.all(results);
}

/** Loads every `.md` file in `dir`, in name order, so adding an article needs no code. */
export async function loadCorpus(dir: string): Promise<Article[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    throw new CorpusError(dir, "corpus folder not found (set CORPUS_DIR or pass --corpus DIR)");
  }
  const files = names.filter((name) => name.toLowerCase().endsWith(".md")).sort();
  if (files.length === 0) throw new CorpusError(dir, "corpus folder has no .md articles");

  const paths = files.map((name) => join(dir, name));
  const contents = await readAll(paths);
  const articles: Article[] = [];
  const fileBySlug = new Map<string, string>();
  for (const [i, file] of paths.entries()) {
    const article = parseArticle(file, contents[i] as Uint8Array);
    const clash = fileBySlug.get(article.slug);
    if (clash) throw new CorpusError(file, `has the same article slug "${article.slug}" as ${clash}`);
    fileBySlug.set(article.slug, file);
    articles.push(article);
  }
  return articles;
}
