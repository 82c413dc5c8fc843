import { fileURLToPath } from "node:url";

/** Paths inside the repository, so commands work whatever folder they are started from. */
export const DEFAULT_CORPUS_DIR = fileURLToPath(new URL("../corpus", import.meta.url));
export const DEFAULT_INDEX_CACHE_DIR = fileURLToPath(new URL("../.cache/index", import.meta.url));
/** Where answer ratings are appended (created on the first vote), with its salt file beside it. */
export const DEFAULT_FEEDBACK_FILE = fileURLToPath(new URL("../data/feedback.jsonl", import.meta.url));
