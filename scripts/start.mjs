/**
 * What `npm start`, `npm run start:sharded`, `npm run start:http`, `npm run register`, `npm run ask`
 * and `npm run feedback` run: the compiled JavaScript in dist/, built first when it is missing or older
 * than src/ (so `npm ci && npm start` works on a fresh clone). Plain JavaScript with no dependency, so a
 * production install (`npm ci --omit=dev`, no TypeScript, no tsx) runs it too. The entry point is
 * imported into this process, so signals, stdin, the terminal and the exit code are the entry's own.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const ENTRIES = {
  bot: "main.js",
  sharded: "sharded.js",
  http: "endpoint.js",
  register: "cli/register.js",
  ask: "cli/ask.js",
  feedback: "cli/feedback.js",
};

const name = process.argv[2] ?? "bot";
const entry = ENTRIES[name];
if (!entry) {
  process.stderr.write(`usage: node scripts/start.mjs [${Object.keys(ENTRIES).join("|")}]\n`);
  process.exit(2);
}

/** The newest modification time of any file under `dir`. */
function newest(dir) {
  let latest = 0;
  for (const item of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, item.name);
    latest = Math.max(latest, item.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

const compiled = join(ROOT, "dist", entry);
const sources = join(ROOT, "src");
const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
const stale = !existsSync(compiled) || (existsSync(sources) && newest(sources) > statSync(compiled).mtimeMs);
if (stale) {
  if (existsSync(tsc)) {
    process.stderr.write("Building dist/ from src/ (npm run build)...\n");
    try {
      execFileSync(process.execPath, [tsc, "-p", join(ROOT, "tsconfig.build.json")], { stdio: "inherit" });
    } catch {
      // tsc printed the errors; with noEmitOnError nothing half-built is left to run next time.
      process.stderr.write(
        "The build failed (errors above): fix them, or run npm run dev to start from src/.\n",
      );
      process.exit(1);
    }
  } else if (!existsSync(compiled)) {
    process.stderr.write(
      "dist/ is missing and TypeScript is not installed: run npm ci, then npm run build.\n",
    );
    process.exit(1);
  }
}
// The entry reads its own arguments (parseArgs: process.argv from index 2), as under
// `node dist/cli/ask.js ARGS`: drop the entry's name from them.
process.argv.splice(1, 2, compiled);
await import(pathToFileURL(compiled).href);
