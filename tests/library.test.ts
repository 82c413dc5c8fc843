import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadLibrary } from "../src/library.js";
import { DEFAULT_CORPUS_DIR } from "../src/paths.js";
import { captureLogger } from "./helpers/capture-log.js";

describe("loadLibrary's index cache warning", () => {
  it("escapes control characters in INDEX_CACHE_DIR, in the log line and in the warning", async () => {
    // A file where the folder should be: the cache cannot be written, and the warning names it.
    const dir = join(await mkdtemp(join(tmpdir(), "cache-")), "x\u001b[31m\u202eindex");
    await writeFile(dir, "not a folder");
    const { log, lines } = captureLogger();
    const library = await loadLibrary(DEFAULT_CORPUS_DIR, { indexCacheDir: dir, log });
    expect(library.index).toBe("built");
    // JSON escapes ESC as \u001b by itself, but writes DEL, C1 controls and bidi overrides raw.
    const raw = /[\p{Cc}\u202a-\u202e\u2066-\u2069]/u;
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] as string)).toMatchObject({
      event: "index_cache_problem",
      dir: expect.stringContaining("x\\u001b[31m\\u202eindex"),
    });
    expect(JSON.stringify(JSON.parse(lines[0] as string))).not.toMatch(raw);
    expect(lines[0]).not.toContain("\u202e");
    expect(library.warning).toContain("x\\u001b[31m\\u202eindex");
    expect(library.warning).not.toMatch(raw);
  });
});
