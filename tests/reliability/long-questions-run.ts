/**
 * Sends many distinct, very long /ask questions through the interaction core (as a hostile HTTP client
 * could: Discord holds questions to 300 characters, a forged payload does not) and prints the heap
 * after loading and after the asks, both after a full GC. Run by memory.test.ts with --expose-gc.
 */
import { Cooldown } from "../../src/commands/cooldown.js";
import { InteractionCore } from "../../src/interactions/core.js";
import { loadLibrary } from "../../src/library.js";
import { createLogger } from "../../src/log.js";
import { DEFAULT_CORPUS_DIR } from "../../src/paths.js";
import { InteractionFactory } from "../helpers/fake-discord.js";

const asks = Number(process.argv[2] ?? 2_000);
const length = Number(process.argv[3] ?? 20_000);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with --expose-gc");
const library = await loadLibrary(DEFAULT_CORPUS_DIR);
const core = new InteractionCore({
  library,
  log: createLogger("silent"),
  cooldown: new Cooldown(Number.MAX_SAFE_INTEGER, 60_000),
});
let next = 10n ** 17n;
const make = new InteractionFactory({
  snowflake: () => {
    next += 1n;
    return String(next);
  },
});
/** Long words, each distinct: no two questions share a word, so no cache can be shared. */
const question = (i: number): string => {
  const word = (j: number) => `kata${i.toString(36)}x${j.toString(36)}${"a".repeat(56)}`;
  let text = "";
  for (let j = 0; text.length < length; j += 1) text += `${word(j)} `;
  return text.slice(0, length);
};

gc();
const before = process.memoryUsage().heapUsed;
for (let i = 0; i < asks; i += 1)
  core.answer(make.command("ask", [{ name: "question", type: 3, value: question(i) }]) as never);
gc();
const after = process.memoryUsage().heapUsed;
process.stdout.write(JSON.stringify({ before, after, asks }));
