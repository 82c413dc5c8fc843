import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { spawnNode } from "./run-node.js";

/** How long the child may take to start (tsx compiles on two shared cores) and settle its vote. */
const SETTLE_WITHIN_MS = 20_000;
/** How long SIGTERM may take to reach the child's handler once sent. */
const STOP_WITHIN_MS = 5_000;

interface Run {
  lines: string[];
  settled: { ok: boolean; name?: string; file?: string; message?: string } | undefined;
  stoppedBySignalHandler: boolean;
}

/**
 * Runs fifo-vote.ts on `file`, waits (bounded) for its vote to settle and a timer to fire, then sends SIGTERM and waits
 * (bounded) for its handler. A child stuck in a blocking open gets SIGKILL, and the run says so.
 */
async function voteAndStop(file: string): Promise<Run> {
  const child = spawnNode("tests/feedback/fifo-vote.ts", [file], {});
  const lines: string[] = [];
  let buffered = "";
  const waiters: (() => void)[] = [];
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    buffered += chunk;
    const parts = buffered.split("\n");
    buffered = parts.pop() ?? "";
    lines.push(...parts);
    for (const wake of waiters.splice(0)) wake();
  });
  const closed = new Promise<void>((resolve) => child.on("close", () => resolve()));
  const until = async (found: () => boolean, ms: number): Promise<boolean> => {
    const deadline = Date.now() + ms;
    while (!found()) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await Promise.race([
        new Promise<void>((resolve) => waiters.push(resolve)),
        new Promise<void>((resolve) => setTimeout(resolve, Math.min(left, 200))),
        closed,
      ]);
      if (child.exitCode !== null || child.signalCode !== null) return found();
    }
    return true;
  };
  try {
    // Settled, and the loop still turning: a timer fired too.
    await until(
      () => lines.some((l) => l.startsWith("settled ")) && lines.includes("tick"),
      SETTLE_WITHIN_MS,
    );
    child.kill("SIGTERM");
    const stopped = await until(() => lines.includes("stopped"), STOP_WITHIN_MS);
    const line = lines.find((l) => l.startsWith("settled "));
    return {
      lines,
      settled: line === undefined ? undefined : JSON.parse(line.slice("settled ".length)),
      stoppedBySignalHandler: stopped,
    };
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await closed;
  }
}

describe("a FIFO at the feedback file or its salt", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "feedback-fifo-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    ["the feedback file", "feedback.jsonl", "FeedbackNotAFileError"],
    ["the salt", "feedback.jsonl.salt", "FeedbackSaltError"],
  ])(
    "at %s: the vote fails promptly naming it, timers keep firing, SIGTERM still stops the process",
    async (_, name, errorName) => {
      await mkdir(dir, { recursive: true });
      const file = join(dir, "feedback.jsonl");
      const fifo = join(dir, name);
      execFileSync("mkfifo", [fifo]);
      const run = await voteAndStop(file);
      expect(run.lines[0]).toBe("recording");
      expect(run.settled, `the vote never settled; the child said: ${JSON.stringify(run.lines)}`).toEqual({
        ok: false,
        name: errorName,
        file: fifo,
        message: expect.stringContaining(fifo),
      });
      expect(run.settled?.message).toContain("FIFO");
      expect(run.lines).toContain("tick");
      expect(run.stoppedBySignalHandler).toBe(true);
    },
    SETTLE_WITHIN_MS + STOP_WITHIN_MS + 10_000,
  );
});
