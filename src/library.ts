import { createHash } from "node:crypto";
import { loadCorpus } from "./corpus/load.js";
import type { Article } from "./corpus/types.js";
import type { Logger } from "./log.js";
import { escapeControls, printable } from "./printable.js";
import { KnowledgeBase, type KnowledgeBaseOptions } from "./search/knowledge-base.js";
import { loadOrBuildIndex } from "./search/snapshot.js";

/** Everything the commands answer from: the articles, their index, and a version that changes with them. */
export interface Library {
  articles: readonly Article[];
  kb: KnowledgeBase;
  /** Short hash of every passage: buttons made from an older corpus carry an older version. */
  version: string;
  /** Where the index came from: built now, or loaded from a snapshot. */
  index: "built" | "snapshot";
  /** Why the index cache was not used or not written; the library works regardless. */
  warning?: string;
}

export function corpusVersion(articles: readonly Article[]): string {
  const hash = createHash("sha256");
  for (const article of articles) {
    hash.update(article.meta.title);
    for (const passage of article.passages)
      hash.update(`\0${passage.id}\0${passage.section ?? ""}\0${passage.text}`);
  }
  return hash.digest("base64url").slice(0, 8);
}

export function createLibrary(articles: readonly Article[], options: KnowledgeBaseOptions = {}): Library {
  return {
    articles,
    kb: KnowledgeBase.fromArticles(articles, options),
    version: corpusVersion(articles),
    index: "built",
  };
}

export interface LoadLibraryOptions {
  /** Keep an index snapshot here and load it instead of building when the corpus has not changed. */
  indexCacheDir?: string | undefined;
  search?: KnowledgeBaseOptions;
  /** Where a cache problem is reported, once; without it the caller logs `warning` itself. */
  log?: Pick<Logger, "warn">;
}

export async function loadLibrary(corpusDir: string, options: LoadLibraryOptions = {}): Promise<Library> {
  const articles = await loadCorpus(corpusDir);
  if (!options.indexCacheDir) return createLibrary(articles, options.search);
  const { kb, loaded, warning } = await loadOrBuildIndex(options.indexCacheDir, articles, options.search);
  const library: Library = {
    articles,
    kb,
    version: corpusVersion(articles),
    index: loaded ? "snapshot" : "built",
  };
  if (warning === undefined) return library;
  // It names INDEX_CACHE_DIR, which JSON leaves raw in part (bidi overrides, C1): escaped for the terminal.
  const shown = escapeControls(warning);
  options.log?.warn({ event: "index_cache_problem", dir: printable(options.indexCacheDir), problem: shown });
  return { ...library, warning: shown };
}
