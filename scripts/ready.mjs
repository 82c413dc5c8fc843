/**
 * Loads a corpus as `npm start` does, from the compiled dist/, and prints how long after process start
 * it was ready to answer. Used by the benchmark to measure cold starts, with and without an index
 * snapshot. Plain JavaScript: nothing compiles at start, as in production.
 */
import { performance } from "node:perf_hooks";
import { loadLibrary } from "../dist/library.js";

const [corpusDir, cacheDir] = process.argv.slice(2);
if (!corpusDir) throw new Error("usage: ready.mjs CORPUS_DIR [INDEX_CACHE_DIR]");
const library = await loadLibrary(corpusDir, { indexCacheDir: cacheDir });
library.kb.ask("Apa janji Jack Ma?");
// performance.now() counts from the process's start (its time origin), not from this line.
process.stdout.write(
  `${JSON.stringify({ readyMs: performance.now(), passages: library.kb.passageCount })}\n`,
);
