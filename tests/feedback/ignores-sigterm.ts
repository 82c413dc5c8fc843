/**
 * A process that ignores SIGTERM and has a child of its own, standing for a run stuck on a vote, for
 * fifo.test.ts: `node --import tsx tests/feedback/ignores-sigterm.ts`. Says "stuck <child pid>" once the child runs.
 * Only a SIGKILL of the whole process group stops both: the child outlives a SIGKILL of this process alone.
 */
import { spawn } from "node:child_process";
import { writeSync } from "node:fs";

process.on("SIGTERM", () => {
  // ignored, as a process stuck in a blocking open would not reach its handler
});
// Not detached: in this process's group, as tsx's esbuild service is.
const child = spawn("sleep", ["30"], { stdio: "ignore" });
child.on("spawn", () => writeSync(1, `stuck ${child.pid}\n`));
setInterval(() => {}, 60_000);
