import type { ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { signalGroup, spawnInGroup } from "../helpers/process-group.js";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/**
 * `node --import tsx SCRIPT ...ARGS` from the repository, with .env not read (DOTENV_CONFIG_PATH
 * elsewhere), in a process group of its own so `killGroup` also reaches tsx's esbuild service.
 */
export function spawnNode(
  script: string,
  args: readonly string[],
  env: Record<string, string>,
): ChildProcess {
  return spawnInGroup(process.execPath, ["--import", "tsx", script, ...args], {
    cwd: ROOT,
    env: {
      ...process.env,
      DOTENV_CONFIG_PATH: fileURLToPath(new URL("./no-such.env", import.meta.url)),
      LOG_LEVEL: "warn",
      LANG: "C",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

export interface NodeResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs it to the end; with `killAfterMs`, a run still going by then is stopped (SIGKILL to its whole
 * group) and the result says so in `signal`.
 */
export function runNode(
  script: string,
  args: readonly string[],
  env: Record<string, string>,
  { killAfterMs }: { killAfterMs?: number } = {},
): Promise<NodeResult> {
  return new Promise((resolve, reject) => {
    const child = spawnNode(script, args, env);
    const timer =
      killAfterMs === undefined ? undefined : setTimeout(() => signalGroup(child, "SIGKILL"), killAfterMs);
    let stdout = "";
    let stderr = "";
    child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}
