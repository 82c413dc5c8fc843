import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { describe, expect, it, vi } from "vitest";
import { spawnNode } from "../feedback/run-node.js";
import { groupMembers, killGroup } from "./process-group.js";
import { runScript } from "./run-script.js";
import { spawnBot } from "./spawn-bot.js";
import { canScanProcesses, markedProcesses, TEST_RUN_VARIABLE } from "./stray-processes.js";

const linux = canScanProcesses();

/** This test worker's own process group, which every process it spawns used to share. */
function ownGroup(): number {
  const stat = readFileSync("/proc/self/stat", "utf8");
  return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]);
}

describe.runIf(linux)("spawnBot: the tsx wrapper and the script's node process, as one group", () => {
  it("starts them in a process group of their own, and killGroup leaves none alive", async () => {
    const bot = spawnBot("tests/helpers/idle.ts", {});
    await vi.waitFor(() => expect(bot.output()).toContain("idle"), { timeout: 15_000, interval: 50 });
    const pid = bot.child.pid as number;
    // The wrapper leads the group; node running the script (and tsx's esbuild service) are in it.
    expect(groupMembers(pid)).toContain(pid);
    expect(groupMembers(pid).length).toBeGreaterThanOrEqual(2);

    await killGroup(bot.child);
    expect(groupMembers(pid)).toEqual([]);
    expect(await bot.exited).toBeNull(); // killed by the signal, no exit code
  });

  it("signals the group after its leader is gone, reaching what the leader left behind", async () => {
    const bot = spawnBot("tests/helpers/idle.ts", {});
    await vi.waitFor(() => expect(bot.output()).toContain("idle"), { timeout: 15_000, interval: 50 });
    const pid = bot.child.pid as number;
    bot.child.kill("SIGKILL"); // the wrapper only: its node child is orphaned
    await bot.exited;
    expect(groupMembers(pid).length).toBeGreaterThanOrEqual(1);

    await killGroup(bot.child);
    expect(groupMembers(pid)).toEqual([]);
  });
});

describe.runIf(linux)("runScript and spawnNode: each process in a group of its own", () => {
  it("runScript's process leads its own group", async () => {
    const result = await runScript("tests/helpers/print-group.ts", []);
    const [pid, group] = result.stdout.trim().split(" ").map(Number);
    expect(result.code).toBe(0);
    // tsx's wrapper leads the new group; the script runs in its node child, in the same group.
    expect(group).not.toBe(ownGroup());
    expect(pid).not.toBe(group);
  });

  it("spawnNode's process leads its own group", async () => {
    const child = spawnNode("tests/helpers/print-group.ts", [], {});
    let stdout = "";
    child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    await once(child, "close");
    const [pid, group] = stdout.trim().split(" ").map(Number);
    expect(pid).toBe(child.pid);
    expect(group).toBe(child.pid);
    expect(group).not.toBe(ownGroup());
  });
});

describe.runIf(linux)("the stray-process scan of the global teardown", () => {
  it("finds an orphan by its run marker, wherever it was re-parented, and nothing of another run", async () => {
    const runId = randomUUID();
    // sh starts sleep in the background and exits: sleep is orphaned, as a killed wrapper's child is.
    // `$!` is known as soon as sh forks, before the child has run `exec sleep`; the subshell's short
    // sleep makes that window certain, as a loaded machine can, so the scan must wait for the exec.
    const sh = spawn("sh", ["-c", "(sleep 0.2; exec sleep 60) </dev/null >/dev/null 2>&1 & echo $!"], {
      env: { ...process.env, [TEST_RUN_VARIABLE]: runId },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let stdout = "";
    sh.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    await once(sh, "close");
    const orphan = Number(stdout.trim());
    try {
      // Polled, not read once: until the child has exec'd, its command still reads `sh -c ...`.
      const found = await vi.waitFor(
        () => {
          const marked = markedProcesses(runId);
          expect(marked.map((p) => [p.pid, p.command])).toEqual([[orphan, "sleep 60"]]);
          return marked;
        },
        { timeout: 5_000, interval: 20 },
      );
      expect(found[0]?.parentPid).not.toBe(sh.pid);
      // A run id that is only a prefix of this one is another run.
      expect(markedProcesses(runId.slice(0, -1))).toEqual([]);
    } finally {
      process.kill(orphan, "SIGKILL");
    }
    await vi.waitFor(() => expect(markedProcesses(runId)).toEqual([]), { timeout: 5_000, interval: 20 });
  });
});
