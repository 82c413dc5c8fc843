/**
 * Records one vote while a FIFO sits at the feedback file or its salt, for fifo.test.ts:
 * `node --import tsx tests/feedback/fifo-vote.ts FILE`. Says on stdout, one line each: "recording" before
 * the vote, "tick" when a timer fires while the vote is pending or after, "settled <JSON>" when the vote
 * settles, and "stopped" when SIGTERM reaches its handler (as the bot's shutdown handler would be reached).
 * Keeps running after the vote until a signal, so that the test can show SIGTERM still stops it.
 */
import { writeSync } from "node:fs";
import { FeedbackStore } from "../../src/feedback/store.js";

const file = process.argv[2];
if (!file) throw new Error("usage: fifo-vote.ts FILE");

const say = (line: string): void => {
  writeSync(1, `${line}\n`);
};

process.on("SIGTERM", () => {
  say("stopped");
  process.exit(0);
});
// Stops by itself if the test is gone, so that it never outlives a failed run.
const alive = setInterval(() => say("tick"), 50);
const parent = process.ppid;
const orphaned = setInterval(() => {
  if (process.ppid !== parent) process.exit(3);
}, 500);
setTimeout(() => {
  clearInterval(alive);
  clearInterval(orphaned);
}, 60_000).unref();

say("recording");
const settled = (async () => {
  try {
    await new FeedbackStore(file).record({
      corpusVersion: "fifo",
      answer: "console:1",
      question: "Kapan Double Eleven?",
      passageId: null,
      tier: "none",
      confidence: null,
      vote: "up",
      userId: "1",
    });
    return { ok: true };
  } catch (error) {
    const e = error as Error & { file?: unknown };
    return { ok: false, name: e.name, file: e.file, message: e.message };
  }
})();
say(`settled ${JSON.stringify(await settled)}`);
