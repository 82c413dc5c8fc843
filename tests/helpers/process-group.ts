/**
 * Starting a test's process in a process group of its own, and stopping the whole group. The tsx
 * CLI runs the script as a child node process, the sharding manager forks shards, tsx starts an
 * esbuild service: signalling only the process the test spawned leaves those running, orphaned.
 */
import { type ChildProcess, type SpawnOptions, spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";

/** `spawn`, detached into a new process group led by the child (POSIX `setsid`). */
export function spawnInGroup(
  command: string,
  args: readonly string[],
  options: Omit<SpawnOptions, "detached">,
): ChildProcess {
  return spawn(command, args, { ...options, detached: true });
}

/**
 * Signals every process of the child's group, those whose leader already exited included: the group
 * lives on while any member does. Returns false when none was left to signal.
 */
export function signalGroup(child: ChildProcess, signal: NodeJS.Signals): boolean {
  if (child.pid === undefined) return false; // never started
  try {
    process.kill(-child.pid, signal);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ESRCH") return false;
    throw error;
  }
}

/** The live (not zombie) pids of a process group, from /proc; empty where there is no /proc. */
export function groupMembers(groupId: number): number[] {
  let names: string[];
  try {
    names = readdirSync("/proc");
  } catch {
    return [];
  }
  const members: number[] = [];
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, "utf8");
    } catch {
      continue; // exited while the list was read
    }
    // After the command name in parentheses (which may hold spaces): state, ppid, pgrp.
    const [state, , group] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (Number(group) === groupId && state !== "Z") members.push(Number(name));
  }
  return members;
}

/**
 * SIGKILLs the child's whole group (a test's cleanup) and waits, within `timeoutMs`, until none of it
 * is left alive. Throws when some member survives that long, naming the pids.
 */
export async function killGroup(child: ChildProcess, timeoutMs = 5_000): Promise<void> {
  if (child.pid === undefined || !signalGroup(child, "SIGKILL")) return;
  for (let waited = 0; waited < timeoutMs; waited += 20) {
    if (groupMembers(child.pid).length === 0) return;
    await sleep(20);
  }
  throw new Error(
    `process group ${child.pid} still alive after SIGKILL: ${groupMembers(child.pid).join(", ")}`,
  );
}
