/**
 * Finds the processes a test run started and left behind. The run's global setup puts a marker
 * variable (TEST_RUN_VARIABLE=<run id>) in the environment every test process, and so every process
 * a test spawns, inherits; /proc/<pid>/environ shows it whoever the process's parent is now, even
 * after an orphan was re-parented. Linux only: elsewhere there is no /proc to read.
 */
import { readdirSync, readFileSync } from "node:fs";

export const TEST_RUN_VARIABLE = "TANYA_TEST_RUN";

export interface MarkedProcess {
  pid: number;
  parentPid: number;
  command: string;
}

/** Whether this system shows processes' environments (Linux's /proc). */
export function canScanProcesses(): boolean {
  try {
    return readFileSync("/proc/self/environ").length > 0;
  } catch {
    return false;
  }
}

/** The parent pid from /proc/<pid>/stat: the command name in parentheses may itself hold spaces and parentheses. */
function parentPidOf(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return Number(fields[1]);
}

function readMarked(pid: number, entry: Buffer): MarkedProcess | undefined {
  try {
    // A zombie's or another user's environment reads as empty or fails: neither is a live process of ours.
    const environ = readFileSync(`/proc/${pid}/environ`);
    if (!hasEntry(environ, entry)) return undefined;
    const command = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean).join(" ");
    return { pid, parentPid: parentPidOf(readFileSync(`/proc/${pid}/stat`, "utf8")), command };
  } catch {
    return undefined; // gone while being read, or not ours
  }
}

/** `environ` is NUL-separated NAME=value entries: match a whole entry, not a prefix of a longer value. */
function hasEntry(environ: Buffer, entry: Buffer): boolean {
  for (let at = environ.indexOf(entry); at !== -1; at = environ.indexOf(entry, at + 1)) {
    const startsEntry = at === 0 || environ[at - 1] === 0;
    const endsEntry = at + entry.length === environ.length || environ[at + entry.length] === 0;
    if (startsEntry && endsEntry) return true;
  }
  return false;
}

/** Every live process whose environment carries this run's marker. */
export function markedProcesses(runId: string): MarkedProcess[] {
  const entry = Buffer.from(`${TEST_RUN_VARIABLE}=${runId}`);
  const found: MarkedProcess[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const marked = readMarked(Number(name), entry);
    if (marked) found.push(marked);
  }
  return found;
}
