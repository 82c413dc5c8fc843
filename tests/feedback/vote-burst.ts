/**
 * Records votes in a tight loop, for the crash test: `node --import tsx tests/feedback/vote-burst.ts FILE`.
 * Writes "ready" on stdout once READY votes are in the file and goes on until it is killed. So that a
 * slow or vanished test cannot leave it filling the disk, it slows down after FAST votes, stops after MAX
 * (some 20 MB), and stops when its parent is gone.
 */
import { writeSync } from "node:fs";
import { FeedbackStore } from "../../src/feedback/store.js";

const READY = 200;
const FAST = 20_000;
const MAX = 40_000;

const file = process.argv[2];
if (!file) throw new Error("usage: vote-burst.ts FILE");
const parent = process.ppid;
const pause = new Int32Array(new SharedArrayBuffer(4));
const store = new FeedbackStore(file);
for (let i = 1; i <= MAX; i++) {
  // Lines from about 300 bytes to about 1 kB, multi-byte characters included.
  const question = `Pertanyaan ${i} tentang Jack Ma — ${"kopi ☕ dan teh ".repeat((i * 37) % 50)}?`;
  await store.record({
    corpusVersion: "burst",
    answer: `console:${i}`,
    question,
    passageId: i % 5 === 0 ? null : `jack-ma-5-janji:${i % 40}`,
    tier: i % 5 === 0 ? "none" : "answer",
    confidence: (i % 100) / 100,
    vote: i % 3 === 0 ? "down" : "up",
    userId: String(100_000_000_000_000_000n + BigInt(i % 7)),
  });
  if (i === READY) writeSync(1, "ready\n");
  if (i > FAST) {
    if (process.ppid !== parent) break;
    Atomics.wait(pause, 0, 0, 5);
  }
}
