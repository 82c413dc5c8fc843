import { execFileSync, spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lines, rec } from "../feedback/records.js";

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
  afterAll(() => {
    if (app) rmSync(app, { recursive: true, force: true }); // node_modules holds links only
  });

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

  // npx and npm run put this checkout's node_modules/.bin (tsx included) on PATH: a server has none.
  const serverPath = (process.env.PATH ?? "")
    .split(delimiter)
    .filter((dir) => !dir.includes(`node_modules${sep}.bin`))
    .join(delimiter);

  /** `npm run SCRIPT -- ARGS` in the tree, as an operator runs it on the server or in the container. */
  function npmRun(script: string, args: readonly string[], input = "", env: Record<string, string> = {}) {
    return spawnSync("npm", ["run", "--silent", script, "--", ...args], {
      cwd: app,
      input,
      env: {
        PATH: serverPath,
        HOME: process.env.HOME,
        DISCORD_TOKEN: "",
        LOG_LEVEL: "warn",
        LANG: "C",
        ...env,
      },
      encoding: "utf8",
    });
  }

  it("answers with npm run ask -- QUESTION, and --jsonl from stdin, from the compiled code", () => {
    const run = npmRun("ask", ["Berapa defisit neraca perdagangan", "Indonesia dan Tiongkok?"]);
    expect(run.stderr).not.toMatch(/tsx|not found|Cannot find (package|module)|Building dist/);
    expect(run.stdout).toContain("8,1 miliar dolar AS");
    expect(run.status).toBe(0);

    const jsonl = npmRun("ask", ["--jsonl", "--top", "1"], "Kapan Double Eleven?\n");
    expect(jsonl.status).toBe(0);
    const answers = jsonl.stdout.trim().split("\n");
    expect(answers).toHaveLength(1);
    expect(JSON.parse(answers[0] as string)).toMatchObject({ question: "Kapan Double Eleven?" });
  });

  it("exits 1 with the usage when npm run ask gets no question", () => {
    const run = npmRun("ask", []);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("Give a question, or --jsonl");
    expect(run.stdout).toBe("");
  });

  it("tallies and exports the ratings with npm run feedback, from the compiled code", () => {
    const dir = join(app, "data");
    mkdirSync(dir);
    const file = join(dir, "feedback.jsonl");
    writeFileSync(file, lines([rec({ vote: "down", question: "Siapa pendiri Alibaba?" })]));

    const report = npmRun("feedback", [], "", { FEEDBACK_FILE: file });
    expect(report.stderr).not.toMatch(/tsx|not found|Cannot find (package|module)/);
    expect(report.stdout).toContain(`${file}: 1 vote on 1 answer`);
    expect(report.status).toBe(0);

    const exported = join(dir, "not-helpful.json");
    const run = npmRun("feedback", ["--export", exported, "--file", file]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`Wrote 1 question voted "Not helpful" to ${exported}`);
    expect(readFileSync(exported, "utf8")).toContain("Siapa pendiri Alibaba?");

    // The export never overwrites: the CLI's exit code comes through npm.
    expect(npmRun("feedback", ["--export", exported, "--file", file]).status).toBe(1);
  });

  it("says what to do when dist/ is missing and TypeScript is not there to build it", () => {
    const empty = mkdtempSync(join(tmpdir(), "tanya-artikel-nodist-"));
    cpSync(join(ROOT, "scripts/start.mjs"), join(empty, "scripts/start.mjs"), { recursive: true });
    const run = spawnSync(process.execPath, ["scripts/start.mjs"], { cwd: empty, encoding: "utf8" });
    rmSync(empty, { recursive: true, force: true });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      "dist/ is missing and TypeScript is not installed: run npm ci, then npm run build.\n",
    );
  });
});
