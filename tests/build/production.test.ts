import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const DEV_ONLY = ["tsx", "typescript", "vitest", "vite", "pino-pretty", "@biomejs/biome", "fast-check"];

/**
 * The Dockerfile's final stage, without Docker: the compiled dist/, scripts/start.mjs, the corpus
 * and package.json, with a node_modules holding the production dependencies only (what
 * `npm ci --omit=dev` installs, linked from this checkout's).
 */
function productionTree(): string {
  const app = mkdtempSync(join(tmpdir(), "tanya-artikel-prod-"));
  execFileSync(
    process.execPath,
    [
      join(ROOT, "node_modules/typescript/bin/tsc"),
      "-p",
      "tsconfig.build.json",
      "--outDir",
      join(app, "dist"),
    ],
    { cwd: ROOT },
  );
  for (const item of ["package.json", "scripts/start.mjs", "corpus"]) {
    mkdirSync(dirname(join(app, item)), { recursive: true });
    cpSync(join(ROOT, item), join(app, item), { recursive: true });
  }
  const listed = execFileSync("npm", ["ls", "--omit=dev", "--all", "--parseable"], {
    cwd: ROOT,
    encoding: "utf8",
  });
  for (const path of listed.trim().split("\n").slice(1)) {
    const name = relative(join(ROOT, "node_modules"), path);
    // Only top-level packages: nested ones come with the package that holds them.
    if (name.startsWith("..") || name.split("/node_modules/").length > 1) continue;
    mkdirSync(dirname(join(app, "node_modules", name)), { recursive: true });
    if (!existsSync(join(app, "node_modules", name)))
      symlinkSync(path, join(app, "node_modules", name), "dir");
  }
  return app;
}

describe("a production tree (npm run build, then production dependencies only)", () => {
  let app = "";
  beforeAll(() => {
    app = productionTree();
  }, 60_000);

  it("holds no development dependency", () => {
    const installed = readdirSync(join(app, "node_modules"));
    for (const name of DEV_ONLY) expect(installed).not.toContain(name.split("/")[0]);
    expect(installed).toContain("discord.js");
  });

  it("runs the console with node scripts/start.mjs, answering from the compiled code", () => {
    const run = spawnSync(process.execPath, ["scripts/start.mjs"], {
      cwd: app,
      input: "/about\nBerapa defisit neraca perdagangan Indonesia dan Tiongkok?\n",
      env: { PATH: process.env.PATH, DISCORD_TOKEN: "", LOG_LEVEL: "warn", LANG: "C" },
      encoding: "utf8",
    });
    expect(run.stderr).not.toMatch(/Cannot find (package|module)|Building dist/);
    expect(run.stdout).toContain("== About tanya-artikel ==");
    expect(run.stdout).toContain("8,1 miliar dolar AS");
    expect(run.status).toBe(0);
  });

  it("says what to do when dist/ is missing and TypeScript is not there to build it", () => {
    const empty = mkdtempSync(join(tmpdir(), "tanya-artikel-nodist-"));
    cpSync(join(ROOT, "scripts/start.mjs"), join(empty, "scripts/start.mjs"), { recursive: true });
    const run = spawnSync(process.execPath, ["scripts/start.mjs"], { cwd: empty, encoding: "utf8" });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      "dist/ is missing and TypeScript is not installed: run npm ci, then npm run build.\n",
    );
  });
});
