import { fileURLToPath } from "node:url";
import { spawnInGroup } from "./process-group.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const TSX = fileURLToPath(new URL("../../node_modules/.bin/tsx", import.meta.url));

export interface ScriptResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs one of the project's entry points as a user would, with stdin and an environment. In a process
 * group of its own (tsx runs the script in a child): whatever it leaves running is one group to kill,
 * and the suite's teardown names it.
 */
export function runScript(
  script: string,
  args: readonly string[],
  options: { input?: string; env?: Record<string, string | undefined>; nodeOptions?: string } = {},
): Promise<ScriptResult> {
  return new Promise((resolve, reject) => {
    const child = spawnInGroup(TSX, [script, ...args], {
      cwd: ROOT,
      env: {
        ...process.env,
        LOG_LEVEL: "warn",
        LANG: "C",
        DISCORD_TOKEN: "",
        ...(options.nodeOptions ? { NODE_OPTIONS: options.nodeOptions } : {}),
        ...options.env,
      },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin?.end(options.input ?? "");
  });
}
