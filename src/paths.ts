import { fileURLToPath } from "node:url";

/** The repository root, so commands work whatever folder they are started from. */
export const PROJECT_ROOT = fileURLToPath(new URL("..", import.meta.url));
export const DEFAULT_CORPUS_DIR = fileURLToPath(new URL("../corpus", import.meta.url));
export const DEFAULT_INDEX_CACHE_DIR = fileURLToPath(new URL("../.cache/index", import.meta.url));
