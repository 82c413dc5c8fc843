/**
 * Asks many distinct questions through the command and Discord rendering path and prints the
 * heap after a warm-up and at the end, both after a full GC. Run by memory.test.ts with --expose-gc.
 */
import { ask } from "../../src/commands/ask.js";
import { renderReply } from "../../src/interactions/render.js";
import { loadLibrary } from "../../src/library.js";
import { DEFAULT_CORPUS_DIR } from "../../src/paths.js";

const asks = Number(process.argv[2] ?? 10_000);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with --expose-gc");
const library = await loadLibrary(DEFAULT_CORPUS_DIR);
const words = library.articles.flatMap((a) => a.passages.flatMap((p) => p.text.split(/\s+/)));
// Distinct questions, so no cache can hold them all: article words plus a made-up word each.
const question = (i: number): string =>
  `${words[(i * 7) % words.length]} ${words[(i * 13) % words.length]} kata${i.toString(36)} ${i % 2 ? "yg" : "brp"}?`;
const run = (from: number, count: number): void => {
  for (let i = from; i < from + count; i += 1) {
    renderReply(ask(library, question(i), { lang: i % 2 ? "id" : "en", ephemeral: false }).reply);
  }
};

run(0, 2_000);
gc();
const before = process.memoryUsage().heapUsed;
run(2_000, asks);
gc();
const after = process.memoryUsage().heapUsed;
process.stdout.write(JSON.stringify({ before, after, asks }));
