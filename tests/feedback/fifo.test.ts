import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { groupMembers, killGroup } from "../helpers/process-group.js";
import { spawnNode } from "./run-node.js";

/** How long the child may take to start (tsx compiles on two shared cores) and settle its vote. */
const SETTLE_WITHIN_MS = 20_000;
/** How long SIGTERM may take to reach the child's handler once sent. */
const STOP_WITHIN_MS = 5_000;

interface Run {
  /** The child's process group (it leads it), to check that nothing of it is left. */
  group: number;
  lines: string[];
  settled: { ok: boolean; name?: string; file?: string; message?: string } | undefined;
  stoppedBySignalHandler: boolean;
}

/**
 * Runs `script`, waits (bounded) until `ready` holds of what it said, then sends SIGTERM and waits (bounded) for
 * its handler. Then its whole process group gets SIGKILL (a child stuck in a blocking open, tsx's esbuild
 * service), and the run says whether the handler was reached.
 */
async function runAndStop(
  script: string,
  args: readonly string[],
  ready: (lines: readonly string[]) => boolean,
  within: { readyMs: number; stopMs: number },
): Promise<Run> {
  const child = spawnNode(script, args, {});
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
    await until(() => ready(lines), within.readyMs);
    child.kill("SIGTERM");
    const stopped = await until(() => lines.includes("stopped"), within.stopMs);
    const line = lines.find((l) => l.startsWith("settled "));
    return {
      group: child.pid as number,
      lines,
      settled: line === undefined ? undefined : JSON.parse(line.slice("settled ".length)),
      stoppedBySignalHandler: stopped,
    };
  } finally {
    await killGroup(child);
    await closed;
  }
}

/** fifo-vote.ts on `file`: its vote settled, and the loop still turning (a timer fired too). */
const voteAndStop = (file: string): Promise<Run> =>
  runAndStop(
    "tests/feedback/fifo-vote.ts",
    [file],
    (lines) => lines.some((l) => l.startsWith("settled ")) && lines.includes("tick"),
    { readyMs: SETTLE_WITHIN_MS, stopMs: STOP_WITHIN_MS },
  );

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
      expect(groupMembers(run.group)).toEqual([]);
    },
    SETTLE_WITHIN_MS + STOP_WITHIN_MS + 10_000,
  );
});

describe.runIf(process.platform === "linux")("a run stuck past SIGTERM", () => {
  it(
    "is stopped with its whole process group: nothing it started is left running",
    async () => {
      const run = await runAndStop(
        "tests/feedback/ignores-sigterm.ts",
        [],
        (l) => l.some((x) => x.startsWith("stuck ")),
        {
          readyMs: SETTLE_WITHIN_MS,
          stopMs: 500,
        },
      );
      const stuck = run.lines.find((l) => l.startsWith("stuck "));
      expect(stuck, `the child never started its own: ${JSON.stringify(run.lines)}`).toBeDefined();
      expect(run.stoppedBySignalHandler).toBe(false);
      expect(groupMembers(run.group)).toEqual([]);
    },
    SETTLE_WITHIN_MS + 10_000,
  );
});
