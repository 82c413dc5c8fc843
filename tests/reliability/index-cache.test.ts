import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadLibrary } from "../../src/library.js";
import { DEFAULT_CORPUS_DIR } from "../../src/paths.js";
import { captureLogger } from "../helpers/capture-log.js";
import { runScript } from "../helpers/run-script.js";

/** INDEX_CACHE_DIR set to a file: EEXIST from mkdir, which used to stop start-up with a stack trace. */
async function cacheDirThatIsAFile(): Promise<string> {
  const file = join(await mkdtemp(join(tmpdir(), "cache-")), "index");
  await writeFile(file, "not a folder");
  return file;
}

describe("an index cache folder that cannot be used", () => {
  it("gives a library built in memory and one warning through the logger", async () => {
    const dir = await cacheDirThatIsAFile();
    const { log, entries } = captureLogger();
    const library = await loadLibrary(DEFAULT_CORPUS_DIR, { indexCacheDir: dir, log });
    expect(library.index).toBe("built");
    expect(library.kb.ask("Kapan Double Eleven?").results.length).toBeGreaterThan(0);
    const warnings = entries().filter((e) => e.level === 40);
    expect(warnings).toEqual([expect.objectContaining({ event: "index_cache_problem", dir })]);
    expect(library.warning).toContain(dir);
  });

  it("does not stop npm start: it answers, and the log says why the cache was not written", async () => {
    const dir = await cacheDirThatIsAFile();
    const { code, stdout, stderr } = await runScript("src/main.ts", [], {
      input: "/promises 3\n",
      env: { INDEX_CACHE_DIR: dir },
    });
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(code).toBe(0);
    expect(stdout).toContain("Promise 3");
    expect(stderr).toContain("index_cache_problem");
  });
});
