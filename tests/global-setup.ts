/**
 * Vitest's global setup: no process a test starts may outlive the run. Setup marks the run's
 * environment (inherited by the test workers and everything they spawn); teardown looks for marked
 * processes still alive, kills them and fails the run, naming each. A bot left running by a test
 * keeps reconnecting and holding memory long after `npm test` said it was done.
 */
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import {
  canScanProcesses,
  type MarkedProcess,
  markedProcesses,
  TEST_RUN_VARIABLE,
} from "./helpers/stray-processes.js";

/** How long a process stopped by a test's cleanup gets to finish exiting before it counts as left behind. */
const GRACE_MS = 5_000;

/** Vitest itself and its pool's workers carry the marker too, and are closed by vitest after teardown. */
function isVitest(found: MarkedProcess): boolean {
  return (
    found.pid === process.pid ||
    (found.parentPid === process.pid && /[/\\]vitest[/\\]dist[/\\]workers[/\\]/.test(found.command))
  );
}

function strays(runId: string): MarkedProcess[] {
  return markedProcesses(runId).filter((found) => !isVitest(found));
}

export default function setup(): (() => Promise<void>) | undefined {
  if (!canScanProcesses()) {
    process.stderr.write("global-setup: no /proc here, so processes left behind are not checked\n");
    return undefined;
  }
  const runId = randomUUID();
  process.env[TEST_RUN_VARIABLE] = runId;

  return async function teardown(): Promise<void> {
    let left = strays(runId);
    for (let waited = 0; left.length > 0 && waited < GRACE_MS; waited += 100) {
      await sleep(100);
      left = strays(runId);
    }
    if (left.length === 0) return;
    for (const { pid } of left) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // Exited meanwhile.
      }
    }
    process.exitCode = 1;
    const list = left.map((p) => `  pid ${p.pid} (parent ${p.parentPid}): ${p.command}`).join("\n");
    throw new Error(
      `${left.length} process(es) started by the tests outlived them (now killed); a test's cleanup must stop its process group:\n${list}`,
    );
  };
}
