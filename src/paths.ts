import { fileURLToPath } from "node:url";

/** Paths inside the repository, so commands work whatever folder they are started from. */
export const DEFAULT_CORPUS_DIR = fileURLToPath(new URL("../corpus", import.meta.url));
export const DEFAULT_INDEX_CACHE_DIR = fileURLToPath(new URL("../.cache/index", import.meta.url));
