import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readFeedback } from "../../src/feedback/tally.js";
import { spawnNode } from "./run-node.js";

/** Kills a vote-burst.ts writer some milliseconds after it says the file has its first lines. */
async function burstAndKill(file: string, delayMs: number): Promise<{ signal: NodeJS.Signals | null }> {
  const child = spawnNode("tests/feedback/vote-burst.ts", [file], {});
  let stderr = "";
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal }));
  });
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    if (chunk.includes("ready")) setTimeout(() => child.kill("SIGKILL"), delayMs);
  });
  const { code, signal } = await closed;
  if (signal === null) throw new Error(`the writer exited (${code}) before it was killed:\n${stderr}`);
  return { signal };
}

describe("a process killed while recording votes", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "feedback-crash-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("leaves only whole records: SIGKILL mid-burst, every line parses", async () => {
    // Several kills at random points of the burst: a writer that wrote a line in pieces would leave a
    // piece behind in about half of them.
    for (let round = 0; round < 6; round++) {
      const file = join(dir, String(round), "feedback.jsonl");
      const { signal } = await burstAndKill(file, Math.random() * 100);
      expect(signal).toBe("SIGKILL");

      const text = readFileSync(file, "utf8");
      const { records, malformed } = readFeedback(text);
      expect(malformed).toBe(0);
      expect(text.endsWith("\n")).toBe(true);
      expect(text.split("\n")).toHaveLength(records.length + 1);
      expect(records.length).toBeGreaterThanOrEqual(200);
      // In order, none lost before the kill.
      expect(records.map((r) => r.answer)).toEqual(records.map((_, i) => `console:${i + 1}`));
    }
  });
});
