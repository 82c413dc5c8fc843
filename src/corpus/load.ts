import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { CorpusError, parseArticle } from "./parse.js";
import type { Article } from "./types.js";

/** Larger files are almost certainly not a news article (a dump or a binary dropped in by mistake). */
export const MAX_ARTICLE_BYTES = 2 * 1024 * 1024;

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

  const articles: Article[] = [];
  const fileBySlug = new Map<string, string>();
  for (const name of files) {
    const file = join(dir, name);
    const { size } = await stat(file);
    if (size > MAX_ARTICLE_BYTES) {
      throw new CorpusError(file, `is ${size} bytes; an article may be at most ${MAX_ARTICLE_BYTES}`);
    }
    const article = parseArticle(file, await readFile(file));
    const clash = fileBySlug.get(article.slug);
    if (clash) throw new CorpusError(file, `has the same article slug "${article.slug}" as ${clash}`);
    fileBySlug.set(article.slug, file);
    articles.push(article);
  }
  return articles;
}
